// Agent workspace: live presence and typing (server-sent events), the live inbox list,
// saved replies by keyboard (Alt+1..9). No inline scripts: the CSP allows only 'self'.
(function () {
  "use strict";

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
    } catch (e) {
      return "";
    }
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRF-Token": csrf(), "Content-Type": "application/x-www-form-urlencoded"},
      body: new URLSearchParams(data || {}),
    });
  }

  // Count like channels/limits.py: X weighs each link 23 and code points outside the
  // "light" ranges (emoji, CJK) 2; the other platforms count characters.
  function replyLength(text, rules) {
    if (!rules.weighted) return Array.from(text).length;
    var urls = text.match(/https?:\/\/\S+/gi) || [];
    var rest = text.replace(/https?:\/\/\S+/gi, "");
    var size = urls.length * rules.url_weight;
    Array.from(rest).forEach(function (ch) {
      var code = ch.codePointAt(0);
      var light = rules.light.some(function (r) { return code >= r[0] && code <= r[1]; });
      size += light ? 1 : 2;
    });
    return size;
  }

  function charCounter(textarea, output) {
    var rules = JSON.parse(textarea.dataset.rules || "{}");
    var form = textarea.form;
    function visibility() {
      // A radio pair on a public thread; one fixed (hidden) value on a private thread.
      var checked = form && form.querySelector('input[name="visibility"]:checked, input[type="hidden"][name="visibility"]');
      return checked ? checked.value : "public";
    }
    function update() {
      var kind = visibility();
      var limit = (rules.limits || {})[kind];
      var size = replyLength(textarea.value, rules);
      output.classList.remove("near", "over");
      textarea.setCustomValidity("");
      if (!limit) {
        output.textContent = size + " characters";
        return;
      }
      var left = limit - size;
      var what = kind === "public" ? "public reply" : "private message";
      output.dataset.left = String(left);
      if (left < 0) {
        output.classList.add("over");
        output.textContent = size + " / " + limit + " — " + (-left) + " over " + rules.platform + "'s limit for a " +
          what + (rules.weighted ? " (links count 23, emoji and CJK 2)" : "") + ". Shorten it" +
          (kind === "public" ? " or answer privately." : ".");
        textarea.setCustomValidity(output.textContent);
      } else {
        if (left <= Math.max(20, Math.round(limit * 0.1))) output.classList.add("near");
        output.textContent = size + " / " + limit + " (" + left + " left for a " + what + " on " + rules.platform + ")";
      }
    }
    textarea.addEventListener("input", update);
    if (form) form.addEventListener("change", function (e) {
      if (e.target && e.target.name === "visibility") update();
    });
    update();
  }

  // @mention completion in the note form: active colleagues as the agent types "@",
  // ArrowUp/ArrowDown to move, Enter or Tab to insert, Escape to close.
  function mentionCompletion(textarea) {
    var list = document.createElement("ul");
    list.id = "mention-list";
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Colleagues to mention");
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("autocomplete", "off");
    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-expanded", "false");
    var users = [], active = -1, token = null, pending = null, asked = 0;

    function currentToken() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var m = /(^|[^\w@])@([\w.%+-]*)$/.exec(before);
      return m ? {start: before.length - m[2].length - 1, prefix: m[2]} : null;
    }
    function close() {
      list.hidden = true;
      users = [];
      active = -1;
      textarea.setAttribute("aria-expanded", "false");
      textarea.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) textarea.setAttribute("aria-activedescendant", "mention-" + index);
    }
    function render() {
      list.textContent = "";
      if (!users.length) { close(); return; }
      users.forEach(function (u, i) {
        var li = document.createElement("li");
        li.id = "mention-" + i;
        li.setAttribute("role", "option");
        li.dataset.handle = u.handle;
        li.textContent = u.name;
        var small = document.createElement("small");
        small.textContent = "@" + u.handle + " · " + u.role.replace("_", " ");
        li.appendChild(small);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      textarea.setAttribute("aria-expanded", "true");
      highlight(0);
    }
    function choose(index) {
      var user = users[index];
      if (!user || !token) return;
      var value = textarea.value, end = textarea.selectionStart;
      var text = "@" + user.handle + " ";
      textarea.value = value.slice(0, token.start) + text + value.slice(end);
      textarea.selectionStart = textarea.selectionEnd = token.start + text.length;
      close();
      textarea.focus();
    }
    textarea.addEventListener("input", function () {
      token = currentToken();
      clearTimeout(pending);
      if (!token) { close(); return; }
      var ask = ++asked;
      pending = setTimeout(function () {
        fetch("/mentions?q=" + encodeURIComponent(token.prefix), {credentials: "same-origin"}).then(function (r) {
          return r.ok ? r.json() : {users: []};
        }).then(function (d) {
          if (ask !== asked) return;  // a later keystroke asked again
          users = d.users;
          render();
        });
      }, 120);
    });
    textarea.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % users.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + users.length) % users.length); }
      else if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function conversationPage(root) {
    var id = root.dataset.conversation;
    var me = root.dataset.me;
    if (root.dataset.replaceUrl) history.replaceState(null, "", root.dataset.replaceUrl);
    var presence = document.getElementById("presence");
    var collision = document.getElementById("collision");
    var textarea = document.getElementById("reply-text");
    var viewers = [];
    var typingExpiry = null;

    function renderPresence() {
      var others = viewers.filter(function (v) { return String(v.user_id) !== me; });
      presence.textContent = "";
      presence.hidden = others.length === 0;
      if (!others.length) return;
      var label = document.createElement("span");
      label.textContent = "Also viewing: ";
      presence.appendChild(label);
      others.forEach(function (v) {
        var chip = document.createElement("span");
        chip.className = "viewer" + (v.typing ? " typing" : "");
        chip.dataset.userId = v.user_id;
        chip.textContent = v.name + (v.typing ? " is typing…" : "");
        presence.appendChild(chip);
      });
    }

    var source = new EventSource("/live/conversations/" + id);
    source.addEventListener("open", function () { root.dataset.live = "connected"; });
    source.addEventListener("presence", function (e) {
      viewers = JSON.parse(e.data).viewers;
      renderPresence();
      clearTimeout(typingExpiry);  // a typist who went quiet without saying so
      typingExpiry = setTimeout(function () {
        viewers.forEach(function (v) { v.typing = false; });
        renderPresence();
      }, 7000);
    });
    source.addEventListener("reply", function (e) {
      var d = JSON.parse(e.data);
      if (String(d.by_user_id) === me) return;
      collision.hidden = false;
      collision.textContent = d.by + " just sent a " + d.visibility + " reply: “" + d.text + "”. ";
      var link = document.createElement("a");
      link.href = "/conversations/" + id + "#thread-end";
      link.textContent = "Show it";
      collision.appendChild(link);
    });
    source.addEventListener("conversation", function (e) {
      var d = JSON.parse(e.data);
      var owner = document.getElementById("owner");
      var assignee = d.assignee_id === null ? "" : String(d.assignee_id);
      if (!owner || assignee === root.dataset.assignee) return;
      root.dataset.assignee = assignee;
      if (assignee === me) owner.textContent = "You have this conversation.";
      else if (!assignee) owner.textContent = "Nobody has this conversation now.";
      else owner.textContent = (d.assignee_name || "A colleague") + " has this conversation now.";
      owner.classList.add("changed");
    });
    window.addEventListener("pagehide", function () { source.close(); });

    if (!textarea) return;
    var counter = document.getElementById("char-count");
    if (counter) charCounter(textarea, counter);
    var typing = false;
    var lastPing = 0;
    var idle = null;
    function stopTyping() {
      clearTimeout(idle);
      if (!typing) return;
      typing = false;
      post("/conversations/" + id + "/typing", {typing: "false"});
    }
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (!typing || now - lastPing > 3000) {
        typing = true;
        lastPing = now;
        post("/conversations/" + id + "/typing", {typing: "true"});
      }
      clearTimeout(idle);
      idle = setTimeout(stopTyping, 4000);
    });
    textarea.addEventListener("blur", stopTyping);
    if (textarea.form) textarea.form.addEventListener("submit", stopTyping);

    function insert(button) {
      post(button.dataset.use).then(function (r) {
        return r.ok ? r.text() : Promise.reject(new Error("saved reply " + r.status));
      }).then(function (text) {
        var start = textarea.selectionStart, end = textarea.selectionEnd, value = textarea.value;
        textarea.value = value.slice(0, start) + text + value.slice(end);
        textarea.focus();
        textarea.selectionStart = textarea.selectionEnd = start + text.length;
        textarea.dispatchEvent(new Event("input", {bubbles: true}));
      });
    }
    document.querySelectorAll(".saved-reply").forEach(function (b) {
      b.addEventListener("click", function () { insert(b); });
    });
    document.addEventListener("keydown", function (e) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      var digit = (e.code || "").replace("Digit", "");
      var button = /^[1-9]$/.test(digit) && document.querySelector('.saved-reply[data-key="' + digit + '"]');
      if (button) {
        e.preventDefault();
        insert(button);
      }
    });
  }

  function inboxPage(tbody) {
    var viewing = {};  // conversation id -> viewers

    function rowLink(id) {
      return tbody.querySelector('td.who a[href="/conversations/' + id + '"]');
    }
    function showViewers(id) {
      var link = rowLink(id);
      if (!link) return;
      var cell = link.parentNode;
      var chip = cell.querySelector(".row-viewers");
      var viewers = viewing[id] || [];
      if (!viewers.length) {
        if (chip) chip.remove();
        return;
      }
      if (!chip) {
        chip = document.createElement("span");
        chip.className = "row-viewers";
        link.insertAdjacentElement("afterend", chip);
      }
      chip.textContent = viewers.map(function (v) {
        return v.name + (v.typing ? " (typing)" : "");
      }).join(", ");
      chip.title = "Viewing now";
    }
    function loadPresence() {
      var ids = Array.prototype.map.call(tbody.querySelectorAll("td.who a[href^='/conversations/']"),
        function (a) { return a.getAttribute("href").split("/").pop(); });
      if (!ids.length) return;
      fetch("/live/presence?ids=" + ids.join(","), {credentials: "same-origin"}).then(function (r) {
        return r.ok ? r.json() : {};
      }).then(function (rosters) {
        viewing = rosters;
        ids.forEach(showViewers);
      });
    }

    var source = new EventSource("/live/inbox");
    source.addEventListener("open", function () { tbody.dataset.live = "connected"; });
    var pending = null;
    source.addEventListener("conversation", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        fetch("/inbox/rows" + location.search, {credentials: "same-origin"}).then(function (r) {
          return r.ok ? r.text() : null;
        }).then(function (html) {
          if (html === null) return;
          tbody.innerHTML = html;
          tbody.dataset.refreshed = String(Date.now());
          if (window.htmx) window.htmx.process(tbody);
          loadPresence();
        });
      }, 400);
    });
    source.addEventListener("presence", function (e) {
      var d = JSON.parse(e.data);
      viewing[d.conversation_id] = d.viewers;
      showViewers(d.conversation_id);
    });
    loadPresence();
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function approvalQueue(queue) {
    // Refresh the queue by itself unless the approver is editing a reply in it.
    var source = new EventSource("/live/approvals");
    source.addEventListener("open", function () { queue.dataset.live = "connected"; });
    source.addEventListener("approval", function () {
      var editing = queue.querySelector("textarea:focus, input:focus") ||
        Array.prototype.some.call(queue.querySelectorAll("textarea"), function (t) {
          return t.value !== t.defaultValue;
        });
      if (editing) document.getElementById("queue-changed").hidden = false;
      else location.reload();
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var queue = document.getElementById("approval-queue");
    if (queue) approvalQueue(queue);
    var workspace = document.getElementById("workspace");
    if (workspace) conversationPage(workspace);
    var note = document.getElementById("note-text");
    if (note) mentionCompletion(note);
    var rows = document.querySelector("table.inbox tbody#rows");
    if (rows) inboxPage(rows);
  });
})();
