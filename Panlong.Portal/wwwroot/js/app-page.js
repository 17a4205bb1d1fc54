// The phone app's sign-in page (Features/Tokens/PhoneAppPage.razor): completes a returning sign-in, then lists the person's
// cases through panlongAuth.fetch — the same API and scope rules as the desk, with the token instead of the cookie.
(() => {
    const page = document.getElementById('phone-app');
    if (!page) {
        return;
    }
    const status = document.getElementById('app-status');
    const list = document.getElementById('app-cases');
    const signInButton = document.getElementById('app-sign-in');
    const signOutButton = document.getElementById('app-sign-out');
    const say = key => { status.textContent = page.dataset[key]; status.dataset.state = key; };
    const messages = { state: 'msgState', denied: 'msgDenied', exchange: 'msgExchange', network: 'msgNetwork', 'signed-out': 'msgSignedOut' };

    function show(signedIn) {
        signInButton.hidden = signedIn;
        signOutButton.hidden = !signedIn;
        document.getElementById('app-cases-title').hidden = !signedIn;
        if (!signedIn) {
            list.replaceChildren();
        }
    }

    async function listCases() {
        say('msgLoading');
        const response = await panlongAuth.fetch('/api/cases/?kind=Area&pageSize=20');
        const body = await response.json();
        list.replaceChildren(...body.rows.map(row => {
            const item = document.createElement('li');
            item.dataset.case = row.number;
            item.textContent = `${row.number} · ${row.category} · ${row.stateName}`;
            return item;
        }));
        say(body.rows.length ? 'msgSignedIn' : 'msgNone');
        show(true);
    }

    async function start() {
        try {
            if (page.dataset.returned === 'true') {
                await panlongAuth.completeSignIn();
            }
            if (await panlongAuth.isSignedIn()) {
                await listCases();
            }
        } catch (e) {
            show(false);
            say(messages[e.code] || 'msgNetwork');
        }
    }

    signInButton.addEventListener('click', () => panlongAuth.signIn());
    signOutButton.addEventListener('click', async () => {
        await panlongAuth.signOut();
        show(false);
        say('msgSignedOut');
    });
    start();
})();
