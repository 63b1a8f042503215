// LTX Gallery: one card. Text goes in with textContent only (names and prompts are untrusted).
(() => {
  window.LtxGallery = window.LtxGallery || {};
  const G = window.LtxGallery;

  /** Creates an element with a class and optional text. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  G.el = el;

  function button(className, text, label) {
    const b = el('button', className, text);
    b.type = 'button';
    if (label) b.setAttribute('aria-label', label);
    return b;
  }

  /** What VS Code hands the take commands when the card's context menu is used. */
  function vscodeContext(card) {
    const section = card.canTake ? 'video' : 'result';
    return JSON.stringify({ webviewSection: section, ...card.node, preventDefaultContextMenuItems: true });
  }

  /** The media area: the playing video, a poster frame, the video's own first frame, or a placeholder. */
  function mediaContent(card, playing) {
    if (playing) {
      const video = el('video', 'player');
      video.controls = true;
      video.src = playing;
      video.setAttribute('aria-label', `${card.name} (playing)`);
      return video;
    }
    if (card.kind === 'image' && card.src) {
      const img = el('img');
      img.src = card.src;
      img.alt = card.name;
      return img;
    }
    if (card.kind === 'video' && card.poster) {
      const img = el('img', 'poster');
      img.src = card.poster;
      img.alt = '';
      return img;
    }
    if (card.kind === 'video' && card.src) {
      // No ffmpeg (or not made yet): the video element shows its first frame as the poster.
      const video = el('video', 'poster');
      video.preload = 'metadata';
      video.muted = true;
      video.src = `${card.src}#t=0.1`;
      video.setAttribute('aria-hidden', 'true');
      return video;
    }
    const text = card.state === 'succeeded' ? 'not downloaded' : card.stateText;
    return el('div', 'placeholder', text);
  }

  /** Builds the card element for `card`; `ctx` has `playing(key)` and `selected(key)`. */
  G.renderCard = (card, ctx) => {
    const li = el('li', 'card');
    li.tabIndex = -1;
    li.dataset.key = card.key;
    const media = el('div', 'media');
    const body = el('div', 'body');
    const title = el('div', 'title');
    title.append(el('span', 'name'), el('span', 'age'));
    const actions = el('div', 'actions');
    const fav = button('fav', '☆ Favourite');
    const select = el('input', 'select');
    select.type = 'checkbox';
    const selectLabel = el('label');
    selectLabel.append(select, document.createTextNode(' Compare'));
    const takes = button('takes', 'Takes…');
    const system = button('system', 'Open in System Player');
    actions.append(fav, selectLabel, takes, system);
    body.append(title, el('div', 'takeof'), el('p', 'prompt'), el('div', 'meta'), actions);
    li.append(media, body);
    G.updateCard(li, card, ctx);
    return li;
  };

  /** Updates `li` in place (a playing video keeps playing unless its file changed). */
  G.updateCard = (li, card, ctx) => {
    li.card = card;
    li.className = `card state-${card.state}${card.depth > 0 ? ' take' : ''}${ctx.selected(card.key) ? ' selected' : ''}`;
    li.setAttribute('data-vscode-context', vscodeContext(card));
    li.setAttribute('aria-label', `${card.name}. ${card.meta}. ${card.stateText}. ${card.age}`);
    li.querySelector('.name').textContent = card.name;
    li.querySelector('.name').title = card.name;
    li.querySelector('.age').textContent = card.age;
    li.querySelector('.takeof').textContent = card.takeOf ? `↳ ${card.takeOf}` : '';
    li.querySelector('.takeof').hidden = !card.takeOf;
    const prompt = li.querySelector('.prompt');
    prompt.textContent = card.prompt || '';
    prompt.title = card.prompt || '';
    li.querySelector('.meta').textContent = card.meta;

    const media = li.querySelector('.media');
    const playing = ctx.playing(card.key);
    const signature = [playing, card.poster, card.src, card.stateText, card.sound].join('|');
    if (media.dataset.signature !== signature) {
      media.dataset.signature = signature;
      media.replaceChildren(mediaContent(card, playing));
      const badges = el('div', 'badges');
      if (card.state !== 'succeeded') badges.append(el('span', `badge ${card.state}`, card.stateText));
      if (card.sound === 'aac-silent') badges.append(el('span', 'badge silent', 'silent here'));
      if (card.sound === 'aac-copy') badges.append(el('span', 'badge', 'sound copy'));
      media.append(badges);
      if (card.kind === 'video' && card.src && !playing) {
        media.append(button('play', '▶ Play', `Play ${card.name}`));
      }
      const player = media.querySelector('video.player');
      if (player) player.play().catch(() => undefined);
    }
    const fav = li.querySelector('.fav');
    fav.setAttribute('aria-pressed', String(card.favourite));
    fav.textContent = card.favourite ? '★ Favourite' : '☆ Favourite';
    fav.setAttribute('aria-label', `${card.favourite ? 'Unmark' : 'Mark'} ${card.name} as favourite`);
    const select = li.querySelector('.select');
    select.checked = ctx.selected(card.key);
    select.disabled = !(card.kind === 'video' && card.src);
    select.setAttribute('aria-label', `Select ${card.name} for Compare`);
    li.querySelector('.takes').setAttribute('aria-label', `Takes and actions for ${card.name}`);
    const system = li.querySelector('.system');
    system.hidden = card.sound !== 'aac-silent';
  };
})();
