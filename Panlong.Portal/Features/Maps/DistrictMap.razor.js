// Leaflet, leaflet.markercluster and leaflet.heat are restored from npm into /lib (see Panlong.Portal.csproj).
const scripts = ["/lib/leaflet/leaflet.js", "/lib/leaflet.markercluster/leaflet.markercluster.js", "/lib/leaflet.heat/leaflet-heat.js"];
const styles = ["/lib/leaflet/leaflet.css", "/lib/leaflet.markercluster/MarkerCluster.css", "/lib/leaflet.markercluster/MarkerCluster.Default.css"];
let loading;
const maps = new WeakMap();

export function load() {
    loading ??= (async () => {
        for (const href of styles) {
            const link = document.createElement("link");
            link.rel = "stylesheet";
            link.href = href;
            document.head.appendChild(link);
        }
        for (const src of scripts) {
            await new Promise((resolve, reject) => {
                const script = document.createElement("script");
                script.src = src;
                script.onload = resolve;
                script.onerror = () => reject(new Error(`${src} could not be loaded`));
                document.head.appendChild(script);
            });
        }
        return window.L;
    })();
    return loading;
}

export async function json(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) {
        throw new Error(`${url}: ${response.status}`);
    }
    return response.json();
}

// People per grid: light to dark blue.
function shade(people, max) {
    const share = max > 0 ? people / max : 0;
    const steps = ["#f2f6fc", "#c9d9f2", "#94b4e6", "#5a87cf", "#2f5fae", "#1f4e99"];
    return steps[Math.min(steps.length - 1, Math.floor(share * steps.length))];
}

const lightColors = ["#2e7d32", "#f9a825", "#c62828"];

// Names come from the registry, which grid staff edit: Leaflet takes a string as HTML, so labels go in as text nodes, one
// line each (issue 15, stored XSS). Given as a function, a label is built only when its tooltip first opens.
export function label(...lines) {
    const element = document.createElement("div");
    lines.forEach((line, i) => {
        if (i > 0) {
            element.appendChild(document.createElement("br"));
        }
        element.appendChild(document.createTextNode(String(line ?? "")));
    });
    return element;
}

export function baseMap(L, element, options) {
    const map = L.map(element, { preferCanvas: true, zoomControl: true, minZoom: 8, maxZoom: 18 }).setView([25.10, 102.77], 11);
    // No internet is assumed: without a configured base map (BaseMap.cs, docs/decisions/0033-report-map.md) the regions draw on a plain background.
    const tiles = options.baseMap;
    if (tiles?.tileUrl) {
        const base = L.tileLayer(tiles.tileUrl, { attribution: tiles.attribution ?? "", subdomains: tiles.subdomains || "abc", maxZoom: 18 }).addTo(map);
        if (tiles.labelUrl) {
            L.tileLayer(tiles.labelUrl, { subdomains: tiles.subdomains || "abc", maxZoom: 18 }).addTo(map);
        }
        element.dataset.baseMap = base._url;
    } else {
        element.classList.add("district-map-plain");
    }
    // Names above the regions and below markers, so a picked position is never hidden under a grid's name.
    map.createPane("labels").style.zIndex = "450";
    // Labels where they fit (issue 16): street names zoomed out, community names in between, grid names close up.
    const levels = () => { const z = map.getZoom(); element.dataset.labels = z <= 12 ? "street" : z <= 14 ? "community" : "grid"; };
    map.on("zoomend", levels);
    levels();
    return map;
}

// A region's name at its centre: a text-only marker (the name goes in as a text node), shown by the CSS for its zoom level.
// A grid's label drops its community's name ("东庄社区第3网格" → "第3网格"): close up, the community is the highlighted area around it.
function labelLayer(L, collection, level, parents) {
    const group = L.layerGroup();
    for (const feature of collection.features) {
        const center = L.geoJSON(feature).getBounds().getCenter();
        const { code, name } = feature.properties;
        const parent = parents?.get(code.slice(0, 12));
        const text = label(parent && name.startsWith(parent) && name.length > parent.length ? name.slice(parent.length) : name);
        text.className = `map-label map-label-${level}`;
        group.addLayer(L.marker(center, { icon: L.divIcon({ html: text, className: "map-label-icon", iconSize: null }), interactive: false, keyboard: false, pane: "labels" }));
    }
    return group;
}

// The legend: what each line and colour means, in the page's language.
function legend(L, items) {
    const control = L.control({ position: "bottomleft" });
    control.onAdd = () => {
        const box = L.DomUtil.create("div", "map-legend");
        box.dataset.testid = "map-legend";
        for (const [swatch, text] of items) {
            const row = L.DomUtil.create("div", "", box);
            L.DomUtil.create("span", `map-legend-swatch ${swatch}`, row);
            row.appendChild(document.createTextNode(text));
        }
        return box;
    };
    return control;
}

export function fit(map, layer) {
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [10, 10], animate: false });
    }
}

// Open cases: a point per case in its traffic-light colour, and the same points as a heat layer.
async function caseLayers(L) {
    const cases = await json("/api/map/cases");
    const points = L.layerGroup();
    for (const [lat, lng, light, number] of cases) {
        points.addLayer(L.circleMarker([lat, lng], { radius: 6, color: "#ffffff", weight: 1, fillColor: lightColors[light] ?? lightColors[0], fillOpacity: 0.95 })
            .bindTooltip(() => label(number)).on("click", () => { window.location.href = `/cases/${encodeURIComponent(number)}`; }));
    }
    const heat = L.heatLayer(cases.map(([lat, lng]) => [lat, lng, 0.6]), { radius: 20 });
    return { points, heat, count: cases.length };
}

// Service orders and upcoming activities (issue 18 part 8, docs/decisions/0062-leader-community-figures.md): layers the user
// switches on. The server sends no requester; free text (an activity's title) goes in as text nodes, marked Chinese.
const orderColors = { Open: "#ef6c00", Assigned: "#1565c0", CheckedIn: "#2e7d32" };

function popup(lines, link, linkText) {
    const box = document.createElement("div");
    for (const [text, lang] of lines) {
        const line = document.createElement("div");
        line.textContent = text;
        if (lang) {
            line.lang = lang;
        }
        box.appendChild(line);
    }
    if (link) {
        const a = document.createElement("a");
        a.href = link;
        a.textContent = linkText;
        box.appendChild(a);
    }
    return box;
}

// China time, as everywhere in the portal, whatever the browser's own time zone.
const when = (from, to) => {
    const f = new Date(from), t = new Date(to);
    const day = f.toLocaleDateString(undefined, { month: "2-digit", day: "2-digit", timeZone: "Asia/Shanghai" });
    const time = d => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });
    return `${day} ${time(f)}–${time(t)}`;
};

async function communityLayers(L, names) {
    const [orders, activities] = await Promise.all([json("/api/map/orders"), json("/api/map/activities")]);
    const orderLayer = L.layerGroup();
    for (const o of orders.points) {
        orderLayer.addLayer(L.circleMarker([o.lat, o.lng], { radius: 7, color: "#ffffff", weight: 2, fillColor: orderColors[o.state] ?? "#757575", fillOpacity: 0.95 })
            .bindPopup(() => popup([[`#${o.id} ${o.skill}`], [o.stateName], [when(o.windowStart, o.windowEnd)]], orders.link, names.orderLink)));
    }
    const activityLayer = L.layerGroup();
    for (const a of activities.points) {
        activityLayer.addLayer(L.marker([a.lat, a.lng], { icon: L.divIcon({ className: "map-activity-icon", html: "★", iconSize: [18, 18] }) })
            .bindPopup(() => popup([[a.title, "zh-CN"], [a.kind], [when(a.startsAt, a.endsAt)]], activities.link ? activities.link + a.id : null, names.activityLink)));
    }
    return { orderLayer, activityLayer, orders: orders.points.length, activities: activities.points.length };
}

// Cameras (docs/decisions/0072-cameras.md), for the command center's watchers only: a click opens the live view beside the map.
// Markers are elements (not canvas), each named by its camera's code.
async function cameraLayer(L, dotnet) {
    const cameras = await json("/api/map/cameras");
    const layer = L.layerGroup();
    for (const c of cameras) {
        layer.addLayer(cameraMarker(L, c, () => dotnet.invokeMethodAsync("CameraClicked", c.id)));
    }
    return { layer, count: cameras.length };
}

// One camera's marker, here and in an incident room (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md):
// { id, code, name, kind, lat, lng } and what a click does. A drawn mark, not an emoji: a browser without an emoji font
// shows an empty box.
export function cameraMarker(L, c, onClick) {
    const icon = document.createElement("span");
    icon.className = "map-camera-mark";
    icon.dataset.camera = c.code;
    return L.marker([c.lat, c.lng], { icon: L.divIcon({ className: "map-camera-icon", html: icon, iconSize: [20, 20] }), title: `${c.code} ${c.name}`, keyboard: true })
        .bindTooltip(() => label(c.name, `${c.code} · ${c.kind}`))
        .on("click", onClick);
}

// Key sites (docs/decisions/0088-key-sites.md): what and where, a popup linking to the site's page. Only their viewers may
// read them; for anyone else the layer is simply not there.
async function siteLayer(L, names) {
    let sites;
    try {
        sites = await json("/api/map/sites");
    } catch {
        return null;
    }
    const layer = L.layerGroup();
    for (const s of sites) {
        const icon = document.createElement("span");
        icon.className = "map-site-mark";
        icon.dataset.site = String(s.id);
        layer.addLayer(L.marker([s.lat, s.lng], { icon: L.divIcon({ className: "map-site-icon", html: icon, iconSize: [18, 18] }), title: s.name, keyboard: true })
            .bindPopup(() => popup([[s.name, "zh-CN"], [s.kind]], `/sites/${s.id}`, names.siteLink)));
    }
    return { layer, count: sites.length };
}

const regionStyles = {
    street: { color: "#c62828", weight: 2.5, fill: false, interactive: false },
    community: { color: "#1f4e99", weight: 1.5, fill: false, dashArray: "4 3", interactive: false },
    grid: { color: "#5a87cf", weight: 0.7, fill: false, interactive: false },
    ownArea: { color: "#e65100", weight: 3, fillColor: "#ffb74d", fillOpacity: 0.12, interactive: false },
    ownGrid: { color: "#e65100", weight: 2, fillColor: "#ffb74d", fillOpacity: 0.35, interactive: false },
};

// The position picker of the case form (mode "picker") and a case's position (mode "point"): streets, communities and grids with
// their names, the reporter's own area highlighted and the view opened on it (issue 16), a legend, and one marker.
async function createPicker(L, element, dotnet, options) {
    const map = baseMap(L, element, options);
    const outlines = await Promise.all(["street", "community", "grid"].map(k => json(`/api/map/outline?kind=${k}`)));
    // A case's position needs only the regions around it: the whole district is 600-odd grid outlines and as many names,
    // seconds of a phone's main thread for a map that shows a few of them.
    const [streets, communities, grids] = options.mode === "point" && options.lat != null && options.lng != null
        ? outlines.map(c => near(c, options.lat, options.lng, 0.03))
        : outlines;
    const names = options.names ?? {};
    const own = options.ownArea;
    const inOwn = code => own != null && code.startsWith(own.code);
    const ownGrid = code => own?.gridCodes?.includes(code);
    const streetLayer = L.geoJSON(streets, { style: regionStyles.street, interactive: false });
    const communityLayer = L.geoJSON(communities, { style: regionStyles.community, interactive: false });
    const gridLayer = L.geoJSON(grids, { style: f => ownGrid(f.properties.code) ? regionStyles.ownGrid : regionStyles.grid, interactive: false });
    const ownLayer = L.geoJSON({ type: "FeatureCollection", features: [...streets.features, ...communities.features, ...grids.features].filter(f => f.properties.code === own?.code) },
        { style: regionStyles.ownArea, interactive: false });
    const labels = L.layerGroup([labelLayer(L, streets, "street"), labelLayer(L, communities, "community"), labelLayer(L, grids, "grid", new Map(communities.features.map(f => [f.properties.code, f.properties.name])))]);
    for (const layer of [gridLayer, communityLayer, streetLayer, ownLayer, labels]) {
        layer.addTo(map);
    }
    L.control.layers(null, { [names.street]: streetLayer, [names.community]: communityLayer, [names.grid]: gridLayer, [names.labels]: labels }, { collapsed: true }).addTo(map);
    legend(L, [["street", names.street], ["community", names.community], ["grid", names.grid], ["own", names.ownArea], ["position", names.position]]).addTo(map);
    if (own) {
        map.fitBounds([[own.south, own.west], [own.north, own.east]], { padding: [10, 10], animate: false });
        element.dataset.area = own.code;
    } else {
        fit(map, streetLayer);
    }
    element.dataset.ownGrids = String(grids.features.filter(f => inOwn(f.properties.code)).length);
    const state = { map, marker: null };
    state.place = (lat, lng, pan) => {
        if (state.marker) {
            state.marker.setLatLng([lat, lng]);
        } else {
            state.marker = L.circleMarker([lat, lng], { radius: 9, color: "#ffffff", weight: 2, fillColor: "#c62828", fillOpacity: 1, pane: "markerPane" }).addTo(map);
        }
        if (pan) {
            map.setView([lat, lng], Math.max(map.getZoom(), 15), { animate: false });
        }
        element.dataset.lat = String(lat);
        element.dataset.lng = String(lng);
    };
    // A refused position (outside the district) leaves no marker behind.
    state.clear = () => {
        state.marker?.remove();
        state.marker = null;
        delete element.dataset.lat;
        delete element.dataset.lng;
    };
    if (options.lat != null && options.lng != null) {
        state.place(options.lat, options.lng, true);
    }
    if (options.mode === "picker") {
        map.on("click", e => {
            const lat = Math.round(e.latlng.lat * 1e6) / 1e6, lng = Math.round(e.latlng.lng * 1e6) / 1e6;
            state.place(lat, lng, false);
            dotnet.invokeMethodAsync("PositionPicked", lat, lng);
        });
    }
    element.dataset.ready = "true";
    maps.set(element, state);
}

// The features of a collection whose bounding box comes within span degrees of a position.
function near(collection, lat, lng, span) {
    const reaches = feature => {
        let south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
        const walk = c => {
            if (typeof c[0] === "number") {
                west = Math.min(west, c[0]); east = Math.max(east, c[0]); south = Math.min(south, c[1]); north = Math.max(north, c[1]);
            } else {
                c.forEach(walk);
            }
        };
        walk(feature.geometry?.coordinates ?? []);
        return south <= lat + span && north >= lat - span && west <= lng + span && east >= lng - span;
    };
    return { ...collection, features: collection.features.filter(reaches) };
}

export async function create(element, dotnet, options) {
    const L = await load();
    if (options.mode === "picker" || options.mode === "point") {
        return createPicker(L, element, dotnet, options);
    }
    const map = baseMap(L, element, options);
    // Every layer is asked for at once; the regions (the first view a leader reads) are drawn as soon as they are here, and
    // the buildings and open cases join when theirs arrive (issue 17: no page waits for data it does not show yet).
    const buildingsComing = json("/api/map/buildings");
    const casesComing = caseLayers(L);
    const communityComing = communityLayers(L, options.names ?? {});
    const camerasComing = options.cameras ? cameraLayer(L, dotnet) : null;
    const sitesComing = options.sites ? siteLayer(L, options.names ?? {}) : null;
    const [streets, communities, grids] = await Promise.all([
        json("/api/map/regions/street"), json("/api/map/regions/community"), json("/api/map/regions/grid")]);

    // Outlines only: on a canvas the last drawn polygon takes the click, so these must not be interactive or no grid would get it.
    const streetLayer = L.geoJSON(streets, { style: { color: "#c62828", weight: 2.5, fill: false }, interactive: false });
    const communityLayer = L.geoJSON(communities, { style: { color: "#1f4e99", weight: 1.5, fill: false, dashArray: "4 3" }, interactive: false });
    const gridLayer = L.geoJSON(grids, {
        style: { color: "#5a87cf", weight: 0.7, fillColor: "#ffffff", fillOpacity: 0.05 },
        onEachFeature: (feature, layer) => {
            layer.bindTooltip(() => label(feature.properties.name, feature.properties.code, `${options.names?.people ?? ""} ${feature.properties.people}`), { sticky: true });
            layer.on("click", () => dotnet.invokeMethodAsync("GridClicked", feature.properties.id));
        },
    });
    const max = Math.max(0, ...grids.features.map(f => f.properties.people));
    const populationLayer = L.geoJSON(grids, {
        style: f => ({ stroke: false, fillColor: shade(f.properties.people, max), fillOpacity: f.properties.people > 0 ? 0.75 : 0 }),
        interactive: false,
    });
    populationLayer.addTo(map);
    gridLayer.addTo(map);
    communityLayer.addTo(map);
    streetLayer.addTo(map);
    // Region names where they fit, as on the report map (issue 16).
    const names = options.names ?? {};
    const labels = L.layerGroup([labelLayer(L, streets, "street"), labelLayer(L, communities, "community"),
        labelLayer(L, grids, "grid", new Map(communities.features.map(f => [f.properties.code, f.properties.name])))]).addTo(map);
    const layers = L.control.layers(null, {
        [names.street]: streetLayer, [names.community]: communityLayer, [names.grid]: gridLayer, [names.population]: populationLayer, [names.labels]: labels,
    }, { collapsed: true }).addTo(map);
    legend(L, [["street", names.street], ["community", names.community], ["grid", names.grid]]).addTo(map);
    // A community's grid worker sees no street of their own: fit the largest regions the scope has (it opened on the whole district).
    fit(map, streets.features.length ? streetLayer : communities.features.length ? communityLayer : gridLayer);
    element.dataset.ready = "true";
    element.dataset.grids = String(grids.features.length);
    // Centring on a position (place below) at street level, where the buildings are no longer clustered.
    maps.set(element, { map, place: (lat, lng) => map.setView([lat, lng], 18, { animate: false }) });

    const buildings = await buildingsComing;
    if (maps.get(element)?.map !== map) {
        return; // the page was left meanwhile
    }
    const buildingLayer = L.markerClusterGroup({ chunkedLoading: true });
    for (const [lat, lng, , name] of buildings) {
        buildingLayer.addLayer(L.circleMarker([lat, lng], { radius: 4, color: "#c62828", weight: 1, fillOpacity: 0.8 }).bindTooltip(() => label(name)));
    }
    buildingLayer.addTo(map);
    layers.addOverlay(buildingLayer, names.buildings);
    layers.addOverlay(L.heatLayer(buildings.map(([lat, lng]) => [lat, lng, 0.5]), { radius: 18 }), names.buildingHeat);
    element.dataset.buildings = String(buildings.length);
    const cases = await casesComing;
    if (maps.get(element)?.map !== map) {
        return;
    }
    cases.points.addTo(map);
    layers.addOverlay(cases.points, names.cases);
    layers.addOverlay(cases.heat, names.caseHeat);
    element.dataset.cases = String(cases.count);
    const community = await communityComing;
    if (maps.get(element)?.map !== map) {
        return;
    }
    layers.addOverlay(community.orderLayer, names.orders);
    layers.addOverlay(community.activityLayer, names.activities);
    element.dataset.orders = String(community.orders);
    element.dataset.activities = String(community.activities);
    if (camerasComing) {
        const cameras = await camerasComing;
        if (maps.get(element)?.map !== map) {
            return;
        }
        cameras.layer.addTo(map);
        layers.addOverlay(cameras.layer, names.cameras);
        element.dataset.cameras = String(cameras.count);
    }
    const sites = await sitesComing;
    if (sites && maps.get(element)?.map === map) {
        sites.layer.addTo(map);
        layers.addOverlay(sites.layer, names.sites);
        element.dataset.sites = String(sites.count);
    }
    element.dataset.layers = "complete";
}

// Remove the picker's marker: the position was refused.
export function clear(element) {
    maps.get(element)?.clear?.();
}

// A tap on the picker at a position, as Leaflet reports one (browser tests pick places off screen with it).
export function pick(element, lat, lng) {
    const state = maps.get(element);
    state?.map.fire("click", { latlng: window.L.latLng(lat, lng) });
}

// Centre the picker on a position chosen outside the map (the phone's location, a photo's EXIF position), or the overview map on one.
export function place(element, lat, lng) {
    maps.get(element)?.place?.(lat, lng, true);
}

// The phone's position, or null when the browser refuses or has none.
export function locate() {
    return new Promise(resolve => {
        if (!navigator.geolocation) {
            resolve(null);
            return;
        }
        navigator.geolocation.getCurrentPosition(p => resolve([p.coords.latitude, p.coords.longitude]), () => resolve(null), { timeout: 10000, enableHighAccuracy: true });
    });
}

export function destroy(element) {
    maps.get(element)?.map.remove();
    maps.delete(element);
}
