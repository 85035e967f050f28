// Client-side routes (/tasks/42) are served index.html by CloudFront's SPA fallback.
const list = document.getElementById('tasks');
const response = await fetch('/api/tasks');
const tasks = response.ok ? await response.json() : [];
for (const task of tasks) {
  const item = document.createElement('li');
  item.textContent = `${task.done ? '✓' : '·'} ${task.title}`;
  list.append(item);
}
