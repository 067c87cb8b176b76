// Small behaviours the pages need, without inline script (the content security policy forbids it).
(function () {
  'use strict';

  // Ask before destructive actions: forms with data-confirm="question".
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // htmx requests carry the CSRF token like forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Alt+K (and "/" outside fields) jumps to the quick search.
  document.addEventListener('keydown', function (event) {
    var search = document.getElementById('quick-search');
    if (!search) {
      return;
    }
    var inField = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if ((event.key === '/' && !inField) || (event.altKey && (event.key === 'k' || event.key === 'K'))) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });

  // The search's suggestions under the top bar: shown when they arrive, walked with the arrow keys, closed with
  // Escape or a click elsewhere.
  function suggestions() {
    return document.getElementById('search-suggestions');
  }

  function showSuggestions(open) {
    var box = suggestions();
    var input = document.getElementById('quick-search');
    if (!box || !input) {
      return;
    }
    box.classList.toggle('open', open);
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  document.addEventListener('htmx:afterSwap', function (event) {
    if (event.detail.target && event.detail.target.id === 'search-suggestions') {
      var input = document.getElementById('quick-search');
      showSuggestions(event.detail.target.children.length > 0 && input && input.value.trim() !== '');
    }
  });

  document.addEventListener('keydown', function (event) {
    var box = suggestions();
    if (!box || !box.classList.contains('open')) {
      return;
    }
    var input = document.getElementById('quick-search');
    var links = Array.prototype.slice.call(box.querySelectorAll('a.suggestion'));
    var at = links.indexOf(document.activeElement);
    if (event.key === 'Escape' && (document.activeElement === input || at >= 0)) {
      event.preventDefault();
      showSuggestions(false);
      input.focus();
    } else if (event.key === 'ArrowDown' && (document.activeElement === input || at >= 0) && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      event.preventDefault();
      if (at === 0) {
        input.focus();
      } else {
        links[at - 1].focus();
      }
    }
  });

  document.addEventListener('click', function (event) {
    var form = document.querySelector('form.quick-search');
    if (form && !form.contains(event.target)) {
      showSuggestions(false);
    }
  });

  // A tab loaded by htmx becomes the selected tab.
  document.addEventListener('htmx:afterOnLoad', function (event) {
    var tab = event.detail.elt;
    if (tab && tab.getAttribute && tab.getAttribute('role') === 'tab') {
      tab.closest('[role=tablist]').querySelectorAll('[role=tab]').forEach(function (other) {
        other.classList.toggle('active', other === tab);
        other.setAttribute('aria-selected', other === tab ? 'true' : 'false');
      });
    }
  });

  // A form shown again with mistakes puts the cursor on the first one.
  document.addEventListener('DOMContentLoaded', function () {
    var invalid = document.querySelector('form [aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    }
  });

  // After a new contact-point row arrives, put the cursor in it.
  document.addEventListener('htmx:afterSwap', function (event) {
    var rows = event.detail.target;
    if (rows && rows.classList && rows.classList.contains('rows')) {
      var inputs = rows.querySelectorAll('input');
      if (inputs.length) {
        inputs[inputs.length - 1].focus();
      }
    }
  });
})();
