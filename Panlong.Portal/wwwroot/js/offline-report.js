// The offline report form and its queue (docs/decisions/0092-offline-phone-app.md). The words and categories are the
// signed-in reporter's, from /api/pwa/form through the service worker's cache; the server checks everything again on send.
(() => {
    const $ = id => document.getElementById(id);
    const cultureCookie = '.AspNetCore.Culture';
    let form = null;
    let language = 'zh-CN';
    let editing = null;
    let position = null;

    function readLanguage() {
        const cookie = document.cookie.split('; ').find(c => c.startsWith(cultureCookie + '='));
        return cookie && decodeURIComponent(cookie.split('=')[1]).includes('uic=en') ? 'en' : 'zh-CN';
    }

    // The portal's own choice: the same cookie the language menu sets, so the online pages follow.
    function setLanguage(next) {
        language = next;
        document.cookie = `${cultureCookie}=${encodeURIComponent(`c=${next}|uic=${next}`)}; path=/; max-age=31536000; samesite=lax`;
        render();
    }

    function t(key, ...args) {
        const text = form?.strings?.[language]?.[key] ?? form?.strings?.['zh-CN']?.[key] ?? key;
        return text.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? '');
    }

    async function loadForm() {
        try {
            const response = await fetch(PanlongQueue.formUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
            if (response.ok && (response.headers.get('content-type') || '').includes('json')) {
                form = await response.json();
            }
        } catch {
            form = null;
        }
    }

    function fillCategories() {
        const select = $('category');
        const chosen = select.value;
        select.replaceChildren(new Option(t('ChooseCategory'), ''));
        for (const c of form.categories) {
            const option = new Option(`${c.code} ${c.label}`, String(c.id));
            // Category names are data written in Chinese.
            option.lang = 'zh-CN';
            select.append(option);
        }
        select.value = chosen;
    }

    function renderNetwork() {
        const online = navigator.onLine;
        $('net').dataset.online = String(online);
        $('net').textContent = form ? t(online ? 'Online' : 'Offline') : '';
    }

    function stateText(item) {
        switch (item.state) {
            case 'sent': return t('State.Sent');
            case 'invalid': return t('State.Invalid');
            case 'failed': return t('State.Failed');
            case 'signin': return t('State.SignIn');
            case 'sending': return t('State.Sending');
            default: return t('State.Waiting');
        }
    }

    function button(text, testid, onClick) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'small';
        b.textContent = text;
        b.dataset.testid = testid;
        b.addEventListener('click', onClick);
        return b;
    }

    async function renderQueue() {
        const items = (await PanlongQueue.all()).filter(i => !form || i.owner === form.user);
        const waiting = items.filter(i => i.state !== 'sent').length;
        $('waiting').textContent = t('Waiting', waiting);
        $('waiting').dataset.count = String(waiting);
        const list = $('queue');
        list.replaceChildren(...items.reverse().map(item => {
            const li = document.createElement('li');
            li.dataset.state = item.state;
            li.dataset.testid = 'offline-item';
            const head = document.createElement('div');
            head.className = 'row';
            const state = document.createElement('span');
            state.className = 'state';
            state.textContent = stateText(item);
            head.append(state);
            if (item.number) {
                const link = document.createElement('a');
                link.href = `/cases/${encodeURIComponent(item.number)}`;
                link.className = 'mono';
                link.dataset.testid = 'offline-item-number';
                link.textContent = item.number;
                head.append(link);
            }
            const what = document.createElement('div');
            what.className = 'muted';
            what.textContent = `${item.categoryLabel ?? ''} · ${(item.description ?? '').slice(0, 60)} · ${t('PhotoCount', item.photoCount ?? item.photos.length)}`;
            li.append(head, what);
            if (item.message) {
                const message = document.createElement('div');
                message.className = 'error';
                message.dataset.testid = 'offline-item-message';
                message.textContent = item.message;
                li.append(message);
            }
            const actions = document.createElement('div');
            actions.className = 'row';
            if (item.state === 'failed' || item.state === 'signin') {
                actions.append(button(t('Retry'), 'offline-retry', () => flush()));
            }
            if (item.state === 'invalid') {
                actions.append(button(t('Edit'), 'offline-edit', () => edit(item)));
            }
            if (item.state !== 'sent' && item.state !== 'sending') {
                actions.append(button(t('Delete'), 'offline-delete', async () => {
                    if (confirm(t('DeleteConfirm'))) {
                        await PanlongQueue.remove(item.clientKey);
                        renderQueue();
                    }
                }));
            }
            if (actions.childElementCount > 0) {
                li.append(actions);
            }
            return li;
        }));
    }

    function render() {
        document.documentElement.lang = language;
        $('language').textContent = language === 'en' ? '中文' : 'English';
        $('form-section').hidden = !form;
        $('no-form').hidden = !!form;
        if (form) {
            for (const element of document.querySelectorAll('[data-text]')) {
                element.textContent = t(element.dataset.text);
            }
            document.title = `${t('Title')} · ${t('App')}`;
            fillCategories();
            renderPosition();
        }
        renderNetwork();
        renderQueue();
    }

    function renderPosition() {
        $('position').textContent = position ? `${position.lat.toFixed(6)}, ${position.lng.toFixed(6)}` : t('NoPosition');
    }

    function locate() {
        if (!navigator.geolocation) {
            $('form-error').textContent = t('LocateFailed');
            return;
        }
        navigator.geolocation.getCurrentPosition(
            p => { position = { lat: p.coords.latitude, lng: p.coords.longitude }; renderPosition(); },
            () => { $('form-error').textContent = t('LocateFailed'); },
            { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    }

    function edit(item) {
        editing = item;
        $('category').value = String(item.categoryId ?? '');
        $('description').value = item.description ?? '';
        $('address').value = item.address ?? '';
        position = item.lat != null ? { lat: item.lat, lng: item.lng } : null;
        renderPosition();
        $('photo-names').textContent = item.photos.map(p => p.name).join('、');
        $('form-error').textContent = item.message ?? '';
        $('form-section').scrollIntoView();
    }

    async function save(event) {
        event.preventDefault();
        const categoryId = Number($('category').value) || null;
        const description = $('description').value.trim();
        // The server says the same and more (outside the district, photo limits); these three are known here.
        if (!categoryId || !description || !position) {
            $('form-error').textContent = t('Required');
            return;
        }
        const chosen = [...$('photos').files];
        if (chosen.length > form.maxPhotos || chosen.some(f => f.size > form.maxPhotoBytes)) {
            $('form-error').textContent = t('PhotoLimits', form.maxPhotos, Math.round(form.maxPhotoBytes / 1048576));
            return;
        }
        const category = form.categories.find(c => c.id === categoryId);
        // An edit keeps its client key, so a report that did reach the server is still one case.
        await PanlongQueue.add({
            clientKey: editing?.clientKey, createdAt: editing?.createdAt, owner: form.user, categoryId,
            categoryLabel: category ? `${category.code} ${category.label}` : '', description, address: $('address').value.trim(),
            lat: position.lat, lng: position.lng, photos: chosen.length > 0 || !editing ? chosen : editing.photos,
        });
        editing = null;
        $('form').reset();
        $('photo-names').textContent = '';
        $('form-error').textContent = '';
        position = null;
        renderPosition();
        await renderQueue();
        PanlongQueue.askSync();
        flush();
    }

    async function flush() {
        if (!form) {
            return;
        }
        await PanlongQueue.flush(form.user);
        await renderQueue();
    }

    document.addEventListener('DOMContentLoaded', async () => {
        language = readLanguage();
        await loadForm();
        render();
        $('language').addEventListener('click', () => setLanguage(language === 'en' ? 'zh-CN' : 'en'));
        $('locate').addEventListener('click', locate);
        $('form').addEventListener('submit', save);
        // A message about what was missing goes once the reporter starts to put it right.
        $('form').addEventListener('input', () => { $('form-error').textContent = ''; });
        $('photos').addEventListener('change', () => { $('photo-names').textContent = [...$('photos').files].map(f => f.name).join('、'); });
        window.addEventListener('online', async () => { renderNetwork(); if (!form) { await loadForm(); render(); } flush(); });
        window.addEventListener('offline', renderNetwork);
        PanlongQueue.onChange(() => renderQueue());
        if (navigator.serviceWorker && !navigator.serviceWorker.controller) {
            navigator.serviceWorker.register('/sw.js').catch(() => { });
        }
        document.body.dataset.ready = 'true';
        flush();
    });
})();
