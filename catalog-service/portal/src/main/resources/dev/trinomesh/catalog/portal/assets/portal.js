// The portal's only script: it enhances pages that work without it. It never builds HTML from strings: fragments the
// server rendered (and escaped) are parsed by DOMParser, and everything else is set through textContent.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

function fragment(html) {
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    return Array.from(parsed.body.childNodes);
}

function status(target, text) {
    const paragraph = document.createElement('p');
    paragraph.className = 'progress';
    paragraph.textContent = text;
    target.replaceChildren(paragraph);
    return paragraph;
}

// Previews run in Trino as the person: show progress after 300 ms, and let them stop waiting.
function setUpPreviews() {
    for (const button of document.querySelectorAll('button[data-preview]')) {
        button.addEventListener('click', async () => {
            const target = document.getElementById(button.dataset.target);
            const controller = new AbortController();
            button.disabled = true;
            const timer = setTimeout(() => {
                const progress = status(target, 'Running the preview in Trino as you… ');
                const stop = document.createElement('button');
                stop.type = 'button';
                stop.textContent = 'Stop';
                stop.addEventListener('click', () => {
                    controller.abort();
                    // The query runs in Trino, not in the browser: ask for it to stop too.
                    fetch('/portal/queries/cancel', {method: 'POST', headers: {'X-CSRF-Token': csrf}, credentials: 'same-origin'});
                });
                progress.append(stop);
            }, 300);
            try {
                const response = await fetch(button.dataset.preview, {
                    method: 'POST',
                    headers: {'X-CSRF-Token': csrf},
                    credentials: 'same-origin',
                    signal: controller.signal,
                });
                target.replaceChildren(...fragment(await response.text()));
                target.dataset.state = response.ok ? 'done' : 'refused';
            }
            catch (error) {
                status(target, controller.signal.aborted ? 'Stopped.' : 'The preview failed: ' + error.message);
                target.dataset.state = 'failed';
            }
            finally {
                clearTimeout(timer);
                button.disabled = false;
            }
        });
    }
}

function setUpCopyButtons() {
    for (const button of document.querySelectorAll('button[data-copy]')) {
        button.addEventListener('click', async () => {
            try {
                await navigator.clipboard.writeText(button.dataset.copy);
                button.textContent = 'Copied';
            }
            catch {
                button.textContent = 'Select the text to copy it';
            }
        });
    }
}

// Search as you type: the server renders the same page; only its results are swapped in.
function setUpLiveSearch() {
    const form = document.querySelector('form[data-live-search]');
    if (!form) {
        return;
    }
    const input = form.querySelector('input[type="search"]');
    let timer;
    let controller;
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            controller?.abort();
            controller = new AbortController();
            const url = '/portal/search?' + new URLSearchParams({q: input.value}).toString();
            try {
                const response = await fetch(url, {credentials: 'same-origin', signal: controller.signal});
                const parsed = new DOMParser().parseFromString(await response.text(), 'text/html');
                const results = parsed.getElementById(form.dataset.liveSearch);
                const current = document.getElementById(form.dataset.liveSearch);
                if (results && current) {
                    current.replaceWith(results);
                    history.replaceState(null, '', url);
                }
            }
            catch (error) {
                if (error.name !== 'AbortError') {
                    console.warn('search failed', error);
                }
            }
        }, 250);
    });
}

function loadScript(src) {
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error('cannot load ' + src));
        document.head.append(script);
    });
}

// The lineage graph: boxes per product (compound nodes), upstream left of the dataset and downstream right of it.
async function setUpLineage() {
    const container = document.getElementById('lineage-graph');
    if (!container) {
        return;
    }
    status(container, 'Drawing the lineage graph…');
    try {
        const [response] = await Promise.all([
            fetch(container.dataset.graph, {credentials: 'same-origin'}),
            window.cytoscape ? Promise.resolve() : loadScript('/portal/vendor/cytoscape/cytoscape.min.js'),
        ]);
        const graph = await response.json();
        container.replaceChildren();
        const groups = new Set(graph.nodes.map(node => node.group));
        const elements = [];
        for (const group of groups) {
            elements.push({data: {id: 'group:' + group, label: group}, classes: group === 'restricted' ? 'group restricted' : 'group'});
        }
        for (const node of graph.nodes) {
            elements.push({
                data: {id: node.id, label: node.label, parent: 'group:' + node.group},
                classes: [node.side, node.restricted ? 'restricted' : ''].join(' ').trim(),
            });
        }
        for (const edge of graph.edges) {
            elements.push({data: {id: edge.source + '->' + edge.target, source: edge.source, target: edge.target, kind: edge.kind}});
        }
        window.cytoscape({
            container,
            elements,
            wheelSensitivity: 0.2,
            // Breadth-first runs top to bottom; turned a quarter, upstream is on the left and downstream on the right.
            layout: {name: 'breadthfirst', directed: true, spacingFactor: 1.2, padding: 20, transform: (node, position) => ({x: position.y * 1.8, y: position.x})},
            style: [
                {selector: 'node', style: {'label': 'data(label)', 'font-size': 12, 'text-valign': 'center', 'background-color': '#dbeafe', 'border-color': '#1e40af', 'border-width': 1, 'shape': 'round-rectangle', 'width': 'label', 'padding': 8, 'color': '#111827'}},
                {selector: 'node.root', style: {'background-color': '#fde68a', 'border-width': 2}},
                {selector: 'node.restricted', style: {'background-color': '#e5e7eb', 'border-style': 'dashed', 'color': '#374151'}},
                {selector: 'node.group', style: {'background-color': '#f8fafc', 'border-color': '#94a3b8', 'text-valign': 'top', 'font-weight': 'bold'}},
                {selector: 'edge', style: {'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 1.5, 'line-color': '#64748b', 'target-arrow-color': '#64748b'}},
            ],
        });
        // For people who test the page: which nodes were drawn, in a stable order.
        container.dataset.nodes = graph.nodes.map(node => node.id).sort().join(' ');
        container.dataset.state = 'drawn';
    }
    catch (error) {
        status(container, 'The graph could not be drawn (' + error.message + '); the edges are listed below.');
        container.dataset.state = 'failed';
    }
}

setUpPreviews();
setUpCopyButtons();
setUpLiveSearch();
setUpLineage();
