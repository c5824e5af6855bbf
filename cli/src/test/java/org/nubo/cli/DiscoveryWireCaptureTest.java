package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.client.ClientStore;
import org.nubo.client.Contact;
import org.nubo.client.NuboClient;
import org.nubo.server.NuboServer;
import org.nubo.server.ServerConfig;

/**
 * DESIGN.md: "The server never receives an address book." A real server (plain HTTP, so the bytes
 * can be read) sits behind a loopback proxy that records every byte a phone sends while it
 * discovers which of its contacts use Nubo. None of the contacts' numbers, in any format or
 * encoding, nor an unsalted SHA-1, SHA-256 or SHA-512 of one, may be in those bytes.
 */
class DiscoveryWireCaptureTest {
  private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

  @TempDir Path dir;

  @Test
  void nothingTheServerReceivesDuringDiscoveryNamesAContact() throws Exception {
    List<String> codes = new CopyOnWriteArrayList<>();
    Map<String, String> env = new HashMap<>();
    env.put("NUBO_SERVER_HOST", "127.0.0.1");
    env.put("NUBO_SERVER_PORT", "0");
    env.put("NUBO_ADMIN_PORT", "0");
    env.put("NUBO_SERVER_DATA_DIR", dir.resolve("server").toString());
    env.put("NUBO_SERVER_PLAINTEXT_FOR_DEVELOPMENT", "true");
    try (NuboServer server =
            NuboServer.start(
                ServerConfig.load(null, env),
                (to, text) -> {
                  Matcher m = CODE.matcher(text);
                  if (m.find()) {
                    codes.add(m.group(1));
                  }
                },
                () -> {},
                Clock.systemUTC(),
                new SecureRandom());
        RecordingProxy proxy = new RecordingProxy(server.port())) {
      List<String> registered = List.of("+14155550111", "+14155550112", "+442079460113");
      for (String number : registered) {
        try (NuboClient other = client(proxy.port())) {
          other.startVerification(number);
          other.confirmCode(codes.get(codes.size() - 1));
        }
      }
      try (NuboClient me = client(proxy.port())) {
        me.startVerification("+14155550100");
        me.confirmCode(codes.get(codes.size() - 1));
        List<String> contacts = new ArrayList<>(registered);
        for (int i = 0; i < 40; i++) { // +1 415 555-0120 to -0159
          contacts.add("+14155550" + (120 + i));
        }
        contacts.add("+442079460125");
        for (String number : contacts) {
          me.addContact("contact " + number, number);
        }

        proxy.recording.set(true);
        List<Contact> users = me.discoverContacts();
        proxy.recording.set(false);

        assertThat(users).extracting(Contact::number).containsAll(registered);
        byte[] wire = proxy.recorded();
        assertThat(new String(wire, StandardCharsets.ISO_8859_1))
            .contains("/v1/directory/evaluate")
            .contains("/v1/directory/filter");
        PrivacyScan scan = new PrivacyScan();
        contacts.forEach(scan::number);
        for (String number : contacts) {
          for (String form : formsOf(number)) {
            hashesOf(form).forEach(scan::text);
          }
        }
        Path capture = dir.resolve("capture.bin");
        java.nio.file.Files.write(capture, wire);
        assertThat(scan.needles()).hasSizeGreaterThan(1000);
        assertThat(scan.findIn(List.of(capture))).isEmpty();
        for (String number : contacts) {
          for (String form : formsOf(number)) {
            assertThat(holdsRawDigestOf(wire, form)).as("a raw hash of %s", form).isFalse();
          }
        }
        // The scanner itself works on this capture: the phone's own credential is in it.
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).contains("Authorization: Basic");
      }
    }
  }

  private NuboClient client(int port) {
    return NuboClient.builder()
        .server(URI.create("http://127.0.0.1:" + port))
        .allowPlaintextForDevelopment()
        .store(ClientStore.inMemory())
        .smsTransport((to, text) -> {})
        .build();
  }

  private static List<String> formsOf(String e164) {
    List<String> forms = new ArrayList<>();
    forms.add(e164);
    forms.add(e164.substring(1));
    if (e164.startsWith("+1")) {
      forms.add(e164.substring(2));
    }
    if (e164.startsWith("+44")) {
      forms.add("0" + e164.substring(3));
    }
    return forms;
  }

  private static boolean holdsRawDigestOf(byte[] wire, String text) throws Exception {
    for (String algorithm : List.of("SHA-1", "SHA-256", "SHA-512")) {
      byte[] digest =
          MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
      outer:
      for (int i = 0; i + 12 <= wire.length; i++) {
        for (int j = 0; j < 12; j++) {
          if (wire[i + j] != digest[j]) {
            continue outer;
          }
        }
        return true;
      }
    }
    return false;
  }

  /** Hex (both cases) and base64 of SHA-1, SHA-256 and SHA-512, of UTF-8 and UTF-16 bytes. */
  private static List<String> hashesOf(String text) throws Exception {
    List<String> out = new ArrayList<>();
    for (String algorithm : List.of("SHA-1", "SHA-256", "SHA-512")) {
      for (byte[] input :
          List.of(
              text.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_16LE))) {
        byte[] digest = MessageDigest.getInstance(algorithm).digest(input);
        out.add(HexFormat.of().formatHex(digest));
        out.add(HexFormat.of().withUpperCase().formatHex(digest));
        out.add(Base64.getEncoder().encodeToString(digest).substring(0, 20));
        out.add(Base64.getUrlEncoder().encodeToString(digest).substring(0, 20));
      }
    }
    return out;
  }

  /** A loopback TCP proxy that records what phones send while {@link #recording} is on. */
  private static final class RecordingProxy implements AutoCloseable {
    final AtomicBoolean recording = new AtomicBoolean();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordingProxy(int target) throws IOException {
      this.target = target;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return listener.getLocalPort();
    }

    synchronized byte[] recorded() {
      return bytes.toByteArray();
    }

    private void accept() {
      try {
        while (true) {
          Socket phone = listener.accept();
          Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
          sockets.add(phone);
          sockets.add(server);
          Thread.ofVirtual().start(() -> pump(phone, server, true));
          Thread.ofVirtual().start(() -> pump(server, phone, false));
        }
      } catch (IOException closed) {
        // The proxy was closed.
      }
    }

    private void pump(Socket from, Socket to, boolean uplink) {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (uplink && recording.get()) {
            synchronized (this) {
              bytes.write(buffer, 0, n);
            }
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ended) {
        // One side closed.
      } finally {
        try {
          to.close();
        } catch (IOException ignored) {
          // Already closed.
        }
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
