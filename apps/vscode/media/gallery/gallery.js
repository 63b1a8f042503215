// LTX Gallery: toolbar, one page of cards, keyboard, and the messages to and from the extension.
(() => {
  const G = window.LtxGallery;
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const grid = $('grid');
  const saved = vscode.getState() || {};
  /** Cards picked for Compare, across pages: key -> { key, name, src }. */
  const selected = new Map((saved.selected || []).map((item) => [item.key, item]));
  /** key -> the file that plays (a sound copy or the file itself). */
  const playing = new Map();
  let query;
  let focusedKey = saved.focusedKey;

  const post = (message) => vscode.postMessage(message);
  const keep = () => vscode.setState({ selected: [...selected.values()], focusedKey });
  const cardsOnPage = () => [...grid.querySelectorAll('.card')];
  const ctx = { playing: (key) => playing.get(key), selected: (key) => selected.has(key) };

  function send(changes) {
    query = { ...query, ...changes };
    post({ type: 'query', query });
  }

  function fillOptions(select, values, current) {
    const wanted = ['all', ...values];
    const have = [...select.options].map((o) => o.value);
    if (wanted.join('\n') !== have.join('\n')) {
      select.replaceChildren(
        ...wanted.map((v) => {
          const option = G.el('option', '', v === 'all' ? 'All' : v);
          option.value = v;
          return option;
        }),
      );
    }
    select.value = current;
  }

  function renderPage(message) {
    query = message.query;
    const { page } = message;
    $('state').value = query.state;
    fillOptions($('model'), page.models, query.model);
    fillOptions($('endpoint'), page.endpoints, query.endpoint);
    $('favourites').checked = query.favourites;
    $('sort').value = query.sort;
    $('group').checked = query.group;
    $('order').textContent = query.order === 'desc' ? '↓' : '↑';
    const orderText = {
      date: ['newest', 'oldest'],
      duration: ['longest', 'shortest'],
      resolution: ['largest', 'smallest'],
    };
    $('order').setAttribute(
      'aria-label',
      `Sort order: ${orderText[query.sort][query.order === 'desc' ? 0 : 1]} first`,
    );
    const results = `${page.total} result${page.total === 1 ? '' : 's'}`;
    $('count').textContent = page.matching === page.total ? results : `${page.matching} of ${results}`;
    $('pageinfo').textContent = `Page ${page.page + 1} of ${page.pageCount}`;
    $('prev').disabled = page.page === 0;
    $('next').disabled = page.page >= page.pageCount - 1;
    const silent = message.cards.some((c) => c.sound === 'aac-silent');
    $('notice').hidden = !silent;
    $('notice').textContent = silent
      ? 'Cards marked "silent here" have AAC audio, which VS Code cannot play: install ffmpeg (or set ltxJobs.ffmpegPath) to hear them here, or open them in the system player.'
      : '';
    const empty = message.cards.length === 0;
    $('empty').hidden = !empty;
    $('empty').textContent =
      page.total === 0
        ? 'No results yet: submit a request file, and its videos appear here.'
        : 'No result matches these filters.';

    const existing = new Map(cardsOnPage().map((li) => [li.dataset.key, li]));
    const hadFocus = grid.contains(document.activeElement);
    const items = message.cards.map((card) => {
      const li = existing.get(card.key);
      if (li) {
        G.updateCard(li, card, ctx);
        existing.delete(card.key);
        return li;
      }
      return G.renderCard(card, ctx);
    });
    for (const [key, li] of existing) {
      playing.delete(key);
      li.remove();
    }
    items.forEach((li, index) => {
      if (grid.children[index] !== li) grid.insertBefore(li, grid.children[index] || null);
    });
    for (const li of items) {
      const item = selected.get(li.card.key);
      if (item) selected.set(item.key, { ...item, src: li.card.src || item.src });
    }
    const focus = items.find((li) => li.dataset.key === focusedKey) || items[0];
    for (const li of items) li.tabIndex = li === focus ? 0 : -1;
    if (hadFocus && focus && !grid.contains(document.activeElement)) focus.focus();
    updateCompareButton();
  }

  function updateCompareButton() {
    const n = selected.size;
    const button = $('compare');
    button.disabled = n < 2 || n > 4;
    button.textContent = n > 0 ? `Compare (${n})` : 'Compare';
    button.title = n > 4 ? 'Compare takes two to four videos' : '';
  }

  function onMedia(message) {
    const li = cardsOnPage().find((c) => c.dataset.key === message.key);
    if (message.play) {
      if (G.compare?.keys.includes(message.key)) G.compare.setSource(message.key, message.play);
      const item = selected.get(message.key);
      if (item) selected.set(message.key, { ...item, src: message.play });
      if (!li || !pendingPlay.has(message.key)) return;
      pendingPlay.delete(message.key);
      for (const key of [...playing.keys()]) stop(key);
      playing.set(message.key, message.play);
      G.updateCard(li, li.card, ctx);
      li.querySelector('video.player')?.focus();
    }
    if (message.poster && li) G.updateCard(li, { ...li.card, poster: message.poster }, ctx);
  }

  const pendingPlay = new Set();
  function play(li) {
    const card = li.card;
    if (!(card.kind === 'video' && card.src)) return;
    if (playing.has(card.key)) return stop(card.key);
    pendingPlay.add(card.key);
    post({ type: 'play', key: card.key });
  }
  function stop(key) {
    playing.delete(key);
    const li = cardsOnPage().find((c) => c.dataset.key === key);
    if (li) G.updateCard(li, li.card, ctx);
  }
  function toggleSelect(li) {
    const card = li.card;
    if (!(card.kind === 'video' && card.src)) return;
    if (selected.has(card.key)) selected.delete(card.key);
    else selected.set(card.key, { key: card.key, name: card.name, src: card.src });
    keep();
    G.updateCard(li, card, ctx);
    updateCompareButton();
  }
  function favourite(li) {
    post({ type: 'favourite', key: li.card.key, favourite: !li.card.favourite });
  }
  function openCompare() {
    if (selected.size < 2 || selected.size > 4) return;
    const items = [...selected.values()];
    G.openCompare(items, $('compare'));
    for (const item of items) post({ type: 'play', key: item.key });
    post({ type: 'compare', keys: items.map((i) => i.key) });
  }

  // Clicks inside cards: one listener for the whole grid.
  grid.addEventListener('click', (event) => {
    const li = event.target.closest('.card');
    if (!li) return;
    setFocus(li, false);
    const target = event.target;
    if (target.closest('.play')) play(li);
    else if (target.closest('.fav')) favourite(li);
    else if (target.closest('.takes')) post({ type: 'actions', key: li.card.key });
    else if (target.closest('.system')) post({ type: 'systemPlayer', key: li.card.key });
    else if (target.classList.contains('select')) {
      event.preventDefault();
      toggleSelect(li);
    }
  });

  function setFocus(li, move = true) {
    focusedKey = li.dataset.key;
    keep();
    for (const other of cardsOnPage()) other.tabIndex = other === li ? 0 : -1;
    if (move) li.focus();
  }
  function columns() {
    const cards = cardsOnPage();
    if (cards.length === 0) return 1;
    const top = cards[0].offsetTop;
    return Math.max(1, cards.filter((c) => c.offsetTop === top).length);
  }
  grid.addEventListener('keydown', (event) => {
    const li = event.target.closest('.card');
    if (!li) return;
    const onCard = event.target === li;
    const cards = cardsOnPage();
    const at = cards.indexOf(li);
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(), ArrowUp: -columns() };
    if (onCard && event.key in moves) {
      const next = cards[Math.max(0, Math.min(cards.length - 1, at + moves[event.key]))];
      if (next) setFocus(next);
    } else if (onCard && event.key === 'Home') setFocus(cards[0]);
    else if (onCard && event.key === 'End') setFocus(cards[cards.length - 1]);
    else if (onCard && event.key === 'Enter') play(li);
    else if (onCard && event.key === ' ') toggleSelect(li);
    else if (onCard && (event.key === 'f' || event.key === 'F')) favourite(li);
    else if (onCard && (event.key === 't' || event.key === 'T')) post({ type: 'actions', key: li.card.key });
    else if (onCard && (event.key === 'o' || event.key === 'O')) post({ type: 'open', key: li.card.key });
    else if (onCard && (event.key === 'c' || event.key === 'C')) openCompare();
    else if (event.key === 'Escape' && playing.has(li.card.key)) {
      stop(li.card.key);
      li.focus();
    } else return;
    event.preventDefault();
  });
  grid.addEventListener('focusin', (event) => {
    const li = event.target.closest('.card');
    if (li && li.dataset.key !== focusedKey) setFocus(li, false);
  });

  $('state').addEventListener('change', (e) => send({ state: e.target.value, page: 0 }));
  $('model').addEventListener('change', (e) => send({ model: e.target.value, page: 0 }));
  $('endpoint').addEventListener('change', (e) => send({ endpoint: e.target.value, page: 0 }));
  $('favourites').addEventListener('change', (e) => send({ favourites: e.target.checked, page: 0 }));
  $('sort').addEventListener('change', (e) => send({ sort: e.target.value, page: 0 }));
  $('group').addEventListener('change', (e) => send({ group: e.target.checked, page: 0 }));
  $('order').addEventListener('click', () =>
    send({ order: query.order === 'desc' ? 'asc' : 'desc', page: 0 }),
  );
  $('prev').addEventListener('click', () => send({ page: Math.max(0, query.page - 1) }));
  $('next').addEventListener('click', () => send({ page: query.page + 1 }));
  $('compare').addEventListener('click', openCompare);
  document.addEventListener('keydown', (event) => {
    if (event.target.closest?.('#compare-view')) return;
    if (event.key === 'PageDown' && !$('next').disabled) send({ page: query.page + 1 });
    else if (event.key === 'PageUp' && !$('prev').disabled) send({ page: query.page - 1 });
    else if ((event.key === 'c' || event.key === 'C') && event.target === document.body) openCompare();
    else return;
    event.preventDefault();
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'page') renderPage(message);
    else if (message.type === 'media') onMedia(message);
  });
  post({ type: 'ready' });
})();
