package org.nubo.smpp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

/**
 * jSMPP's default factory connects without a timeout, so an unreachable carrier would hold the
 * caller (a verification request, a phone's bind) for the operating system's connect timeout
 * (minutes); this one gives up after the given bound.
 */
public final class TimedSocketConnectionFactory implements ConnectionFactory {
  private final int timeoutMillis;

  public TimedSocketConnectionFactory(Duration timeout) {
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  @Override
  public Connection createConnection(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      return new SocketConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
