// A minimal notes API. App Runner sends traffic to port 8080 and checks /health.
// Secrets arrive as environment variables from one Secrets Manager JSON secret
// (DATABASE_URL), injected by App Runner as runtime secrets, never baked into the image.
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var version = Environment.GetEnvironmentVariable("APP_VERSION") ?? "dev";
var connectionString = Environment.GetEnvironmentVariable("DATABASE_URL");

app.MapGet("/health", () => Results.Json(new { status = "ok", version }));

app.MapGet("/api/notes", async () =>
{
    if (connectionString is null) return Results.Problem("DATABASE_URL is not set", statusCode: 503);
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT id, body FROM notes ORDER BY id", connection);
    await using var reader = await command.ExecuteReaderAsync();
    var notes = new List<object>();
    while (await reader.ReadAsync()) notes.Add(new { id = reader.GetInt64(0), body = reader.GetString(1) });
    return Results.Json(notes);
});

app.Run("http://0.0.0.0:8080");
