/* Inclusion proof checked in the reader's browser (issue 12 item 7): the same four checks as
 * tools/verify_inclusion.py — the published record hashes to the entry's payload digest, each
 * following entry links to the one before up to the chain's head, that head is among the anchor's
 * heads, and the Merkle root over all heads is the anchor's root (layouts: zhifa/core/hashchain.py,
 * zhifa/core/merkle.py). SM3 (GB/T 32905-2016) is written out below; SHA-256 comes from the
 * browser (crypto.subtle). No inline script (CSP): the page has a hidden button this file shows. */
(function (root) {
  "use strict";

  // --- SM3 (GB/T 32905-2016) ---------------------------------------------------------------------
  var IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

  function rotl(x, n) {
    n %= 32;
    return ((x << n) | (x >>> (32 - n))) >>> 0;
  }
  function p0(x) { return (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0; }
  function p1(x) { return (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0; }

  function sm3(bytes) {
    var len = bytes.length;
    var total = Math.ceil((len + 9) / 64) * 64;
    var m = new Uint8Array(total);
    m.set(bytes);
    m[len] = 0x80;
    var bits = len * 8; // lengths up to 2^53 bits: high word from the division
    var hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
    for (var i = 0; i < 4; i++) {
      m[total - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
      m[total - 4 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
    var v = IV.slice(), w = new Array(68), w1 = new Array(64);
    for (var off = 0; off < total; off += 64) {
      for (var j = 0; j < 16; j++) {
        w[j] = ((m[off + 4 * j] << 24) | (m[off + 4 * j + 1] << 16) | (m[off + 4 * j + 2] << 8) | m[off + 4 * j + 3]) >>> 0;
      }
      for (j = 16; j < 68; j++) {
        w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
      }
      for (j = 0; j < 64; j++) w1[j] = (w[j] ^ w[j + 4]) >>> 0;
      var a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
      for (j = 0; j < 64; j++) {
        var t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
        var ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) >>> 0, 7);
        var ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
        var ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
        var gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
        var tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
        var tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
        d = c; c = rotl(b, 9); b = a; a = tt1;
        h = g; g = rotl(f, 19); f = e; e = p0(tt2);
      }
      v = [a ^ v[0], b ^ v[1], c ^ v[2], d ^ v[3], e ^ v[4], f ^ v[5], g ^ v[6], h ^ v[7]].map(function (x) { return x >>> 0; });
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 8; i++) {
      out[4 * i] = v[i] >>> 24; out[4 * i + 1] = (v[i] >>> 16) & 0xff;
      out[4 * i + 2] = (v[i] >>> 8) & 0xff; out[4 * i + 3] = v[i] & 0xff;
    }
    return out;
  }

  // --- helpers -------------------------------------------------------------------------------------
  function utf8(text) { return new TextEncoder().encode(text); }
  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }
  function concat(parts) {
    var n = 0, i;
    for (i = 0; i < parts.length; i++) n += parts[i].length;
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
  // Python's json.dumps(..., ensure_ascii=False, separators=(",", ":")) of lists of str/int/null.
  function encode(value) { return JSON.stringify(value); }

  function digest(alg, bytes) {
    if (alg === "sm3") return Promise.resolve(sm3(bytes));
    if (alg === "sha256" && root.crypto && root.crypto.subtle) {
      return root.crypto.subtle.digest("SHA-256", bytes).then(function (b) { return new Uint8Array(b); });
    }
    return Promise.reject(new Error("浏览器不支持该哈希算法：" + alg));
  }

  function pyCompare(a, b) { // Python's ordering of [chain, seq, hash] rows
    for (var i = 0; i < 3; i++) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  function merkleRoot(alg, heads) {
    var rows = heads.slice().sort(pyCompare);
    if (!rows.length) return digest(alg, new Uint8Array([0])).then(hex);
    return Promise.all(rows.map(function (r) {
      return digest(alg, concat([new Uint8Array([0]), utf8(encode(["zhifa-anchor/1", r[0], r[1], r[2]]))]));
    })).then(function level(nodes) {
      if (nodes.length === 1) return hex(nodes[0]);
      var next = [];
      for (var i = 0; i + 1 < nodes.length; i += 2) {
        next.push(digest(alg, concat([new Uint8Array([1]), nodes[i], nodes[i + 1]])));
      }
      if (nodes.length % 2) next.push(Promise.resolve(nodes[nodes.length - 1]));
      return Promise.all(next).then(level);
    });
  }

  /* The problems found (Chinese, as the offline script words them); [] when everything checks. */
  function verify(proof) {
    var alg = proof.algorithm, entry = proof.entry, anchor = proof.anchor, problems = [];
    return digest(alg, utf8(proof.payload)).then(function (d) {
      if (hex(d) !== entry[11]) problems.push("公示内容与记录中的内容摘要不一致");
      return digest(alg, utf8(encode(entry)));
    }).then(function (first) {
      var current = hex(first), seq = entry[2], chain = Promise.resolve();
      proof.links.forEach(function (link) {
        chain = chain.then(function () {
          if (link[12] !== current) problems.push("第" + link[2] + "条记录没有链接到前一条");
          return digest(alg, utf8(encode(link))).then(function (h) { current = hex(h); seq = link[2]; });
        });
      });
      return chain.then(function () {
        var found = anchor.heads.some(function (r) { return r[0] === entry[1] && r[1] === seq && r[2] === current; });
        if (!found) problems.push("记录链的链头不在锚点中");
        return merkleRoot(anchor.algorithm, anchor.heads);
      });
    }).then(function (rootHex) {
      if (rootHex !== anchor.root) problems.push("锚点的默克尔根与各链链头不符");
      return problems;
    });
  }

  var api = { sm3: function (text) { return hex(sm3(typeof text === "string" ? utf8(text) : text)); }, verify: verify, merkleRoot: merkleRoot };
  if (typeof module === "object" && module.exports) module.exports = api;
  root.ZhifaProof = api;

  // --- the page --------------------------------------------------------------------------------------
  if (typeof document === "undefined") return;
  function wire() {
    var button = document.getElementById("verify-proof");
    var out = document.getElementById("verify-result");
    if (!button || !out) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      out.className = "";
      out.textContent = "正在核验……";
      fetch(button.getAttribute("data-proof-url"), { credentials: "omit" })
        .then(function (r) {
          if (!r.ok) throw new Error("证明文件暂不可用（" + r.status + "）");
          return r.json();
        })
        .then(verify)
        .then(function (problems) {
          if (problems.length) {
            out.className = "bad";
            out.textContent = "核验未通过：" + problems.join("；") + "。";
          } else {
            out.className = "ok";
            out.textContent = "已验证：本条公示包含在默克尔根为 " + button.getAttribute("data-root").slice(0, 16) + "… 的公开锚点中（在您的浏览器中计算）。";
          }
        })
        .catch(function (err) {
          out.className = "bad";
          out.textContent = "无法核验：" + err.message;
        })
        .then(function () { button.disabled = false; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})(typeof globalThis !== "undefined" ? globalThis : this);
