import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const [notes, setNotes] = useState([]);
  useEffect(() => {
    fetch('/api/notes')
      .then((response) => (response.ok ? response.json() : []))
      .then(setNotes, () => setNotes([]));
  }, []);
  return (
    <main>
      <h1>Notes</h1>
      <ul>
        {notes.map((note) => (
          <li key={note.id}>{note.body}</li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
