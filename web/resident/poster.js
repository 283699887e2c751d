// poster.js - the print button of the building poster (the page itself is
// made by the server: GET /api/v1/buildings/{id}/poster).

const button = document.getElementById('poster-print');
if (button) button.addEventListener('click', () => window.print());
