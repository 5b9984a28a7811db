// The invitation's Print button: a script file, as the pages' Content-Security-Policy allows no inline code.
document.querySelectorAll('[data-print]').forEach(button => button.addEventListener('click', () => window.print()));
