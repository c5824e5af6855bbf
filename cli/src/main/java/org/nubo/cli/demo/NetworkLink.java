package org.nubo.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated phone's network: a loopback TCP relay between the phone and the server that the demo
 * can degrade. TLS passes through it untouched, so it models what a radio link does to a
 * connection, not anything Nubo could see.
 *
 * <ul>
 *   <li>{@link State#UP}: bytes flow both ways.
 *   <li>{@link State#UPLINK_LOST}: bytes still reach the phone, but nothing the phone sends
 *       arrives; a connection dying mid-delivery looks like this from the server.
 *   <li>{@link State#DOWN}: open connections are cut and new ones refused.
 * </ul>
 */
public final class NetworkLink implements AutoCloseable {
  /** What the link does to traffic. */
  public enum State {
    UP,
    UPLINK_LOST,
    DOWN
  }

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile State state = State.UP;
  private volatile boolean closed;

  /** Listens on an ephemeral loopback port and relays to {@code targetPort} on loopback. */
  public NetworkLink(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("link-accept-" + listener.getLocalPort()).start(this::acceptLoop);
  }

  /** The port the phone connects to. */
  public int port() {
    return listener.getLocalPort();
  }

  public State state() {
    return state;
  }

  /** Changes the link; going {@link State#DOWN} cuts every open connection at once. */
  public void set(State next) {
    state = next;
    if (next == State.DOWN) {
      cutAll();
    }
  }

  /** Cuts every open connection now, whatever the state (a handover between cells). */
  public void cutAll() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket phoneSide;
      try {
        phoneSide = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (state == State.DOWN) {
        closeQuietly(phoneSide);
        continue;
      }
      Socket serverSide = new Socket();
      try {
        serverSide.connect(target, 2000);
      } catch (IOException e) {
        closeQuietly(phoneSide);
        closeQuietly(serverSide);
        continue;
      }
      open.add(phoneSide);
      open.add(serverSide);
      Thread.ofVirtual().start(() -> pump(phoneSide, serverSide, true));
      Thread.ofVirtual().start(() -> pump(serverSide, phoneSide, false));
    }
  }

  private void pump(Socket from, Socket to, boolean uplink) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (uplink && state == State.UPLINK_LOST) {
          continue; // swallowed by the dead uplink
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The other direction or a cut ended the connection.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // Already closed.
    }
    cutAll();
  }
}
