// Live feedback on a new password (issue 16): on a form marked data-password-form, each rule listed under the password
// is marked met or not as the user types, by the server's own validators (POST /account/password-check, the same rules
// and common-password list that decide on submit), and the repeated password is compared. Delegated from the document,
// so it also works on pages Blazor's enhanced navigation brings in without running their scripts.
(() => {
    let timer = 0;
    let asked = 0;

    async function check(form) {
        const password = form.querySelector('[data-password]');
        const user = form.querySelector('[data-password-user]');
        const mine = ++asked;
        const response = await fetch('/account/password-check', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ password: password.value, userName: user ? user.value : null }),
        });
        if (!response.ok || mine !== asked) {
            return;
        }
        const answer = await response.json();
        const list = form.querySelector('[data-met]');
        for (const item of form.querySelectorAll('[data-rule]')) {
            const state = password.value.length === 0 ? '' : answer.unmet.includes(item.dataset.rule) ? 'unmet' : 'met';
            item.dataset.state = state;
            item.querySelector('[data-rule-state]').textContent = state === '' ? '' : list.dataset[state];
        }
        const strength = form.querySelector('[data-strength]');
        strength.textContent = answer.label;
        strength.dataset.level = answer.strength.toLowerCase();
    }

    function compare(form) {
        const password = form.querySelector('[data-password]');
        const again = form.querySelector('[data-password-again]');
        const hint = form.querySelector('[data-password-mismatch]');
        if (!again || !hint) {
            return;
        }
        const differs = again.value.length > 0 && again.value !== password.value;
        hint.textContent = differs ? hint.dataset.text : '';
        again.setAttribute('aria-invalid', differs ? 'true' : 'false');
    }

    document.addEventListener('input', event => {
        const form = event.target.closest && event.target.closest('[data-password-form]');
        if (!form) {
            return;
        }
        compare(form);
        if (event.target.matches('[data-password], [data-password-user]')) {
            clearTimeout(timer);
            timer = setTimeout(() => check(form).catch(() => { }), 200);
        }
    });
})();
