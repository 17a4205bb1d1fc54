// A form's unsent content, kept in this browser until it is submitted (docs/decisions/0019-database-outages.md).
export function load(key) {
    try {
        return localStorage.getItem(key);
    } catch {
        return null;
    }
}

export function save(key, json) {
    try {
        localStorage.setItem(key, json);
    } catch {
        // Storage full or disabled (private window): the form still works, only without a draft.
    }
}

export function clear(key) {
    try {
        localStorage.removeItem(key);
    } catch {
        // See save.
    }
}
