// LTX Gallery: Compare two to four videos side by side, with one play/pause/seek for all.
(() => {
  window.LtxGallery = window.LtxGallery || {};
  const G = window.LtxGallery;
  /** Largest drift (s) between a video and the leader before it is put back in step. */
  const MAX_DRIFT = 0.12;

  /**
   * Opens the compare view over `items` ({ key, name, src }). `returnFocus` gets the focus back on
   * close. Returns { setSource(key, src), close() }.
   */
  G.openCompare = (items, returnFocus) => {
    const view = document.getElementById('compare-view');
    const grid = document.getElementById('compare-grid');
    const playButton = document.getElementById('cmp-play');
    const seek = document.getElementById('cmp-seek');
    const time = document.getElementById('cmp-time');
    const closeButton = document.getElementById('cmp-close');
    let heard = 0;
    let frame = 0;

    const cells = items.map((item, index) => {
      const cell = G.el('div', 'compare-cell');
      const title = G.el('div', 'cell-title', item.name);
      const video = G.el('video');
      video.preload = 'auto';
      video.src = item.src;
      video.muted = index !== heard;
      video.dataset.key = item.key;
      video.setAttribute('aria-label', item.name);
      cell.append(title, video);
      return { key: item.key, cell, video };
    });
    grid.replaceChildren(...cells.map((c) => c.cell));
    const videos = () => cells.map((c) => c.video);
    const leader = () => cells[0].video;
    const length = () => Math.max(0, ...videos().map((v) => (Number.isFinite(v.duration) ? v.duration : 0)));

    function markHeard() {
      cells.forEach((c, i) => {
        c.video.muted = i !== heard;
        c.cell.classList.toggle('heard', i === heard);
      });
    }
    function show() {
      const t = leader().currentTime;
      const total = length();
      time.textContent = `${t.toFixed(1)} s / ${total.toFixed(1)} s`;
      seek.value = String(total > 0 ? Math.round((t / total) * 1000) : 0);
      playButton.textContent = leader().paused ? 'Play' : 'Pause';
    }
    /** While playing: keeps every video within MAX_DRIFT of the leader. */
    function follow() {
      const t = leader().currentTime;
      for (const v of videos().slice(1)) {
        const inside = Number.isFinite(v.duration) && t < v.duration;
        if (inside && Math.abs(v.currentTime - t) > MAX_DRIFT) v.currentTime = t;
        if (inside && v.paused && !leader().paused) v.play().catch(() => undefined);
      }
      show();
      if (!leader().paused) frame = requestAnimationFrame(follow);
    }
    function play() {
      const t = leader().currentTime;
      for (const v of videos()) if (Number.isFinite(v.duration) && t < v.duration) v.currentTime = t;
      Promise.all(videos().map((v) => v.play().catch(() => undefined))).then(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(follow);
      });
    }
    function pause() {
      for (const v of videos()) v.pause();
      const t = leader().currentTime;
      for (const v of videos().slice(1))
        if (Number.isFinite(v.duration)) v.currentTime = Math.min(t, v.duration);
      cancelAnimationFrame(frame);
      show();
    }
    function toggle() {
      if (leader().paused) play();
      else pause();
    }
    function seekTo(seconds) {
      const t = Math.max(0, Math.min(seconds, length()));
      for (const v of videos()) v.currentTime = Number.isFinite(v.duration) ? Math.min(t, v.duration) : t;
      show();
    }
    function close() {
      pause();
      for (const v of videos()) v.removeAttribute('src');
      grid.replaceChildren();
      view.hidden = true;
      view.removeEventListener('keydown', onKey);
      playButton.onclick = null;
      closeButton.onclick = null;
      seek.oninput = null;
      G.compare = undefined;
      if (returnFocus) returnFocus.focus();
    }
    function onKey(event) {
      const focusables = [...view.querySelectorAll('button, input')];
      if (event.key === 'Escape') close();
      else if (event.key === ' ' && event.target !== playButton && event.target !== closeButton) toggle();
      else if (event.key === 'ArrowRight' && event.target !== seek) seekTo(leader().currentTime + 1);
      else if (event.key === 'ArrowLeft' && event.target !== seek) seekTo(leader().currentTime - 1);
      else if (event.key === 'Home') seekTo(0);
      else if (event.key === 'm' || event.key === 'M') {
        heard = (heard + 1) % cells.length;
        markHeard();
      } else if (event.key === 'Tab') {
        // Focus stays inside the dialog.
        const at = focusables.indexOf(document.activeElement);
        const next = (at + (event.shiftKey ? -1 : 1) + focusables.length) % focusables.length;
        focusables[next].focus();
      } else return;
      event.preventDefault();
    }

    leader().addEventListener('ended', pause);
    leader().addEventListener('loadedmetadata', show);
    playButton.onclick = toggle;
    closeButton.onclick = close;
    seek.oninput = () => seekTo((Number(seek.value) / 1000) * length());
    view.addEventListener('keydown', onKey);
    markHeard();
    view.hidden = false;
    playButton.focus();
    show();

    G.compare = {
      keys: cells.map((c) => c.key),
      /**
       * Swaps in a sound copy (the same video stream): it takes up the position, and keeps playing
       * when the others play, so a copy that arrives late does not stop or desynchronise Compare.
       */
      setSource(key, src) {
        const cell = cells.find((c) => c.key === key);
        if (!cell || cell.video.src === src) return;
        const isLeader = cell === cells[0];
        const wasPlaying = !leader().paused;
        const at = leader().currentTime;
        cell.video.src = src;
        cell.video.muted = cells.indexOf(cell) !== heard;
        cell.video.addEventListener(
          'loadedmetadata',
          () => {
            cell.video.currentTime = Math.min(
              isLeader ? at : leader().currentTime,
              cell.video.duration || at,
            );
            if (wasPlaying || !leader().paused) {
              cell.video.play().catch(() => undefined);
              if (isLeader) {
                cancelAnimationFrame(frame);
                frame = requestAnimationFrame(follow);
              }
            }
            show();
          },
          { once: true },
        );
      },
      close,
    };
    return G.compare;
  };
})();
