#!/usr/bin/python3
"""
The simulated cameras' RTSP server (GStreamer's gst-rtsp-server, run with the system python3 and gi).

Each mount loops a short H.264 clip (Annex B, one access unit per AUD) without decoding or
encoding: the access units are read once into memory and pushed into an appsrc with timestamps that
keep growing across loops, paced by clocksync, so a client sees one endless stream. One pipeline per
mount is shared by all its clients and exists only while somebody watches. TCP (interleaved) and UDP.

Control is JSON lines over the unix socket CAMERA_SERVER_CONTROL, one answer line per request
(sim/src/cameras/rtsp-server.ts supervises this process and talks to it):
  {"id": 1, "op": "mount", "path": "/k/x/1/sub", "file": "/…/sub.h264", "fps": 15}
  {"id": 2, "op": "switch", "path": "/k/x/1/sub", "file": "/…/other.h264"}   plays another clip from
      the next keyframe on (what the picture shows changes: a desk's officer came or went)
  {"id": 2, "op": "down", "path": "/k/x/1/sub"}   closes its sessions, refuses new ones (404)
  {"id": 3, "op": "up", "path": "/k/x/1/sub"}
  {"id": 4, "op": "clock", "path": "/bench/clock/main", "width": 1280, "height": 720, "fps": 25}
  {"id": 5, "op": "stats"}
Every request is answered {"id": n, "ok": true|false, "error"?: "..."}. Once listening it prints
{"event": "ready", ...} on stdout; a failure to start is {"event": "fatal", ...} and exit code 2.
"""
import json
import os
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gio, GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def log(level, msg):
    emit({"event": "log", "level": level, "msg": msg})


# ---------------------------------------------------------------------------------------------
# Clips: Annex B H.264 split into access units at access unit delimiters (ffmpeg -x264-params aud=1).

_clips = {}
_keys = {}
_clips_lock = threading.Lock()


def load_clip(path):
    with _clips_lock:
        hit = _clips.get(path)
        if hit is not None:
            return hit
        with open(path, "rb") as f:
            data = f.read()
        starts = []
        i = data.find(b"\x00\x00\x01")
        while i >= 0:
            nal = i + 3
            if nal < len(data) and (data[nal] & 0x1F) == 9:
                # include a leading zero of a 4-byte start code
                starts.append(i - 1 if i > 0 and data[i - 1] == 0 else i)
            i = data.find(b"\x00\x00\x01", nal)
        if not starts:
            raise ValueError(f"{path}: no access unit delimiters (made without aud=1?)")
        units = [data[a:b] for a, b in zip(starts, starts[1:] + [len(data)])]
        _clips[path] = units
        _keys[path] = [is_keyframe(u) for u in units]
        return units


def is_keyframe(unit):
    """Whether an access unit holds an IDR slice (NAL type 5)."""
    i = unit.find(b"\x00\x00\x01")
    while 0 <= i < len(unit) - 3:
        if (unit[i + 3] & 0x1F) == 5:
            return True
        i = unit.find(b"\x00\x00\x01", i + 3)
    return False


def clip_keys(path):
    load_clip(path)
    return _keys[path]


class ClipFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, mount):
        super().__init__()
        self.mount = mount
        self.set_shared(True)
        self.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
        self.set_suspend_mode(GstRtspServer.RTSPSuspendMode.NONE)
        self.connect("media-constructed", self.on_media)

    def do_create_element(self, url):
        m = self.mount
        fps = m["fps"]
        pipe = Gst.parse_launch(
            "appsrc name=src is-live=true format=time "
            f"caps=video/x-h264,stream-format=byte-stream,alignment=au,framerate={fps}/1 "
            "! h264parse ! clocksync ! rtph264pay name=pay0 pt=96 config-interval=-1"
        )
        src = pipe.get_by_name("src")
        dur = Gst.SECOND // fps
        state = {"n": 0, "base": None, "file": m["file"], "units": load_clip(m["file"]), "pos": 0}

        def need_data(appsrc, _length):
            if m["down"]:
                appsrc.emit("end-of-stream")
                return
            if state["base"] is None:
                clock = appsrc.get_clock()
                now = clock.get_time() - appsrc.get_base_time() if clock else 0
                state["base"] = max(0, now)
            # A whole GOP per call, as one buffer list: a Python call per frame of every camera was most of
            # this server's CPU; clocksync still releases each frame at its time.
            blist = Gst.BufferList.new()
            for _ in range(4 * fps):
                units = state["units"]
                pos = state["pos"] % len(units)
                if blist.length() and _keys[state["file"]][pos]:
                    break
                if m["file"] != state["file"] and _keys[state["file"]][pos]:
                    # Another clip asked for: from this keyframe on, at the same place in it when that is a
                    # keyframe too (clips of one scene share their length and keyframe interval), else its start.
                    units, keys = load_clip(m["file"]), clip_keys(m["file"])
                    pos = pos if pos < len(units) and keys[pos] else 0
                    state.update({"file": m["file"], "units": units})
                state["pos"] = pos + 1
                buf = Gst.Buffer.new_wrapped(units[pos])
                buf.pts = buf.dts = state["base"] + state["n"] * dur
                buf.duration = dur
                state["n"] += 1
                blist.insert(-1, buf)
            appsrc.emit("push-buffer-list", blist)

        src.connect("need-data", need_data)
        return pipe

    def on_media(self, _factory, media):
        self.mount["medias"].append(media)


# ---------------------------------------------------------------------------------------------
# The clock camera: live-encoded frames with the wall clock (epoch ms at capture) as a bar code.
# The layout is core/src/media/clock-code.ts: 64 cells across the top strip (10 % of the height):
# start marker 1010, 48 bits of epoch ms (most significant first), CRC-8 (poly 0x07) of those six
# bytes, end marker 0110. 1 = white, 0 = black.

CLOCK_CELLS = 64


def crc8(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def clock_cells(epoch_ms):
    raw = epoch_ms.to_bytes(6, "big")
    bits = [1, 0, 1, 0]
    bits += [(epoch_ms >> (47 - i)) & 1 for i in range(48)]
    c = crc8(raw)
    bits += [(c >> (7 - i)) & 1 for i in range(8)]
    bits += [0, 1, 1, 0]
    return bits


# A 5x7 font for the readable clock (no pango/textoverlay on a plain Debian GStreamer).
FONT = {
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
    ":": ["00000", "01100", "01100", "00000", "01100", "01100", "00000"],
    ".": ["00000", "00000", "00000", "00000", "00000", "01100", "01100"],
    "-": ["00000", "00000", "00000", "11111", "00000", "00000", "00000"],
    " ": ["00000"] * 7,
}


def render_text(lines, w, scale):
    """Luma rows (each line 9 font rows tall, 7 of glyph and 2 of spacing) of white text on grey."""
    out = []
    on, off = b"\xeb" * scale, b"\x50" * scale
    for line in lines:
        for r in range(9):
            if r >= 7:
                cells = b""
            else:
                cells = b"".join(
                    b"".join(on if bit == "1" else off for bit in FONT.get(ch, FONT[" "])[r]) + off for ch in line
                )
            cells = (off * 2 + cells)[:w]
            out.append((cells + b"\x50" * (w - len(cells))) * scale)
    return b"".join(out)


class ClockFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, mount):
        super().__init__()
        self.mount = mount
        self.set_shared(True)
        self.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
        self.connect("media-constructed", lambda _f, media: mount["medias"].append(media))

    def do_create_element(self, url):
        m = self.mount
        w, h, fps = m["width"], m["height"], m["fps"]
        pipe = Gst.parse_launch(
            "appsrc name=src is-live=true format=time "
            f"caps=video/x-raw,format=I420,width={w},height={h},framerate={fps}/1 "
            # zerolatency turns on sliced threads, whose slices ffmpeg's RTSP client splits into two frames at
            # each IDR (corrupt pictures until the next keyframe); one frame thread keeps latency at a frame.
            f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=2500 sliced-threads=false threads=1 "
            "! video/x-h264,profile=constrained-baseline "
            "! rtph264pay name=pay0 pt=96 config-interval=-1"
        )
        src = pipe.get_by_name("src")
        strip_h = max(2, round(h * 0.1))
        strip_h -= strip_h % 2
        # Cell edges as pixel columns; the picture below the strip is mid-grey.
        edges = [round(i * w / CLOCK_CELLS) for i in range(CLOCK_CELLS + 1)]
        scale = max(1, h // 90)
        text_top = strip_h + 4 * scale
        text_h = 2 * 9 * scale
        gap = bytes([0x50]) * (w * (text_top - strip_h))
        rest = bytes([0x50]) * (w * (h - text_top - text_h)) + bytes([0x80]) * (w * h // 2)
        dur = Gst.SECOND // fps
        state = {"n": 0, "base": None}

        def need_data(appsrc, _length):
            if m["down"]:
                appsrc.emit("end-of-stream")
                return
            clock = appsrc.get_clock()
            if clock is None:
                time.sleep(dur / Gst.SECOND)
                return
            running = clock.get_time() - appsrc.get_base_time()
            if state["base"] is None:
                state["base"] = max(0, running)
            due = state["base"] + state["n"] * dur
            if due > running:
                time.sleep((due - running) / Gst.SECOND)
            epoch_ms = time.time_ns() // 1_000_000
            bits = clock_cells(epoch_ms)
            row = b"".join((b"\xeb" if bit else b"\x10") * (edges[i + 1] - edges[i]) for i, bit in enumerate(bits))
            text = (
                time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch_ms // 1000)) + f".{epoch_ms % 1000:03d}",
                str(epoch_ms),
            )
            frame = row * strip_h + gap + render_text(text, w, scale) + rest
            buf = Gst.Buffer.new_wrapped(frame)
            buf.pts = buf.dts = max(due, clock.get_time() - appsrc.get_base_time())
            buf.duration = dur
            state["n"] += 1
            appsrc.emit("push-buffer", buf)

        src.connect("need-data", need_data)
        return pipe


# ---------------------------------------------------------------------------------------------


class Server:
    def __init__(self, host, port):
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address(host)
        self.server.set_service(str(port))
        self.mounts = {}
        self.client_paths = {}
        self.server.connect("client-connected", self.on_client)
        if self.server.attach(None) == 0:
            raise RuntimeError(f"cannot listen on {host}:{port}")
        GLib.timeout_add_seconds(2, self.cleanup)

    def cleanup(self):
        self.server.get_session_pool().cleanup()
        return True

    def on_client(self, _server, client):
        # Wait for a slow TCP client rather than drop RTP packets from its backlog: a dropped packet of
        # a keyframe leaves the picture broken until the next one (the clock camera's IDRs are large).
        client.set_property("drop-backlog", False)
        paths = set()
        self.client_paths[client] = paths

        def remember(_c, ctx):
            if ctx.uri is not None:
                paths.add(ctx.uri.abspath.rstrip("/"))

        for sig in ("pre-describe-request", "pre-setup-request", "pre-play-request"):
            client.connect(sig, lambda c, ctx: (remember(c, ctx), GstRtsp.RTSPStatusCode.OK)[1])
        client.connect("closed", lambda c: self.client_paths.pop(c, None))

    def publish(self, path):
        m = self.mounts[path]
        factory = ClockFactory(m) if m["kind"] == "clock" else ClipFactory(m)
        self.server.get_mount_points().add_factory(path, factory)

    def add(self, path, mount):
        if not path.startswith("/") or path in self.mounts:
            raise ValueError(f"bad or duplicate mount path {path!r}")
        mount.update({"down": False, "medias": []})
        self.mounts[path] = mount
        self.publish(path)

    def set_down(self, path, down):
        m = self.mounts.get(path)
        if m is None:
            raise ValueError(f"no mount {path!r}")
        if m["down"] == down:
            return
        m["down"] = down
        if not down:
            self.publish(path)
            return
        self.server.get_mount_points().remove_factory(path)
        # Whole URL or a stream of it (…/stream=0): close every client that touched this mount.
        for client, paths in list(self.client_paths.items()):
            if any(p == path or p.startswith(path + "/") for p in paths):
                client.close()
        for media in m["medias"]:
            media.unprepare()
        m["medias"] = []

    def stats(self):
        return {
            "mounts": len(self.mounts),
            "down": sum(1 for m in self.mounts.values() if m["down"]),
            "clients": len(self.client_paths),
            "clips": len(_clips),
            "port": self.server.get_bound_port(),
        }


def main():
    host = os.environ.get("CAMERA_SERVER_HOST", "127.0.0.1")
    port = int(os.environ.get("CAMERA_SERVER_PORT", "8554"))
    control = os.environ.get("CAMERA_SERVER_CONTROL", "")
    try:
        if not control:
            raise ValueError("CAMERA_SERVER_CONTROL (a unix socket path) is not set")
        server = Server(host, port)
        if os.path.exists(control):
            os.unlink(control)
        service = Gio.SocketService.new()
        service.add_address(Gio.UnixSocketAddress.new(control), Gio.SocketType.STREAM, Gio.SocketProtocol.DEFAULT, None)
    except Exception as e:  # noqa: BLE001
        emit({"event": "fatal", "error": f"{type(e).__name__}: {e}"})
        sys.exit(2)

    def handle(line):
        req = {}
        try:
            req = json.loads(line)
            op = req.get("op")
            if op == "mount":
                fps = int(req.get("fps", 15))
                load_clip(req["file"])  # fail now, not at the first client
                server.add(req["path"], {"kind": "clip", "file": req["file"], "fps": fps})
            elif op == "clock":
                server.add(
                    req["path"],
                    {"kind": "clock", "width": int(req.get("width", 1280)), "height": int(req.get("height", 720)), "fps": int(req.get("fps", 25))},
                )
            elif op == "switch":
                load_clip(req["file"])
                m = server.mounts.get(req["path"])
                if m is None or m["kind"] != "clip":
                    raise ValueError(f"no clip mount {req['path']!r}")
                m["file"] = req["file"]
            elif op in ("down", "up"):
                server.set_down(req["path"], op == "down")
            elif op == "stats":
                return {"id": req.get("id"), "ok": True, "stats": server.stats()}
            else:
                raise ValueError(f"unknown op {op!r}")
            return {"id": req.get("id"), "ok": True}
        except Exception as e:  # noqa: BLE001
            return {"id": req.get("id") if isinstance(req, dict) else None, "ok": False, "error": f"{type(e).__name__}: {e}"}

    def on_incoming(_service, conn, _source):
        reader = Gio.DataInputStream.new(conn.get_input_stream())
        out = conn.get_output_stream()

        def on_line(stream, result):
            try:
                line, _n = stream.read_line_finish_utf8(result)
            except GLib.Error:
                line = None
            if line is None:
                conn.close(None)
                return
            if line.strip():
                answer = json.dumps(handle(line)) + "\n"
                out.write_all(answer.encode(), None)
            stream.read_line_async(GLib.PRIORITY_DEFAULT, None, on_line)

        reader.read_line_async(GLib.PRIORITY_DEFAULT, None, on_line)
        return True

    service.connect("incoming", on_incoming)
    service.start()
    emit({"event": "ready", "host": host, "port": server.server.get_bound_port()})
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
