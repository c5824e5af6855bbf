package org.nubo.carrier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;

/**
 * jSMPP's own factory listens on every interface and cannot say which ephemeral port it got. This
 * one listens on the configured host only, reuses the address so a restarted simulator gets its old
 * port back while old connections linger in TIME_WAIT, and remembers the port it bound.
 */
final class LoopbackServerConnectionFactory implements ServerConnectionFactory {
  private static final int BACKLOG = 50;

  private final InetAddress host;
  private volatile int boundPort = -1;

  LoopbackServerConnectionFactory(InetAddress host) {
    this.host = host;
  }

  int boundPort() {
    return boundPort;
  }

  @Override
  public ServerConnection listen(int port) throws IOException {
    return listen(port, 0, BACKLOG);
  }

  @Override
  public ServerConnection listen(int port, int timeout) throws IOException {
    return listen(port, timeout, BACKLOG);
  }

  @Override
  public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port), backlog);
      socket.setSoTimeout(timeout);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    boundPort = socket.getLocalPort();
    return new ServerSocketConnection(socket);
  }
}
