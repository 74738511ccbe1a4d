"""A minimal SMTP server for tests that run a real task worker in another process.

It listens on a free port on 127.0.0.1 and keeps every message it accepts. With `stall=True`
it reads a message to the end but never answers the final ".", as a slow or stuck server does:
the sender is then mid-send, and a message whose sender goes away is not delivered (SMTP
delivers only what the server acknowledged)."""

import socket
import threading


class SMTPServer:
    def __init__(self, stall=False):
        self.stall = stall
        self.messages = []
        self.stalled = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self._closed = True
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _accept(self):
        while not self._closed:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 localhost test SMTP\r\n")
            for line in lines:
                command = line.strip().upper()
                if command.startswith(b"DATA"):
                    conn.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    body = []
                    for data_line in lines:
                        if data_line.rstrip(b"\r\n") == b".":
                            break
                        body.append(data_line)
                    if self.stall:
                        self.stalled.set()
                        lines.read()  # wait, without answering, until the sender goes away
                        return
                    self.messages.append(b"".join(body).decode("utf-8", "replace"))
                    conn.sendall(b"250 OK: queued\r\n")
                elif command.startswith(b"QUIT"):
                    conn.sendall(b"221 Bye\r\n")
                    return
                else:
                    conn.sendall(b"250 OK\r\n")
