package org.nubo.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.nubo.carrier.PhoneConfig;
import org.nubo.carrier.ReceivedSms;
import org.nubo.carrier.SimulatedSmsTransport;
import org.nubo.client.FileClientStore;
import org.nubo.client.NuboClient;
import org.nubo.client.NuboEvent;
import org.nubo.crypto.KeyPin;

/**
 * A phone for the demo and the system tests: the real device SDK, a SIM on the simulated carrier,
 * and a network link the demo can degrade. Like Android's SMS retriever, it reads the verification
 * code out of the carrier's SMS by itself; every other SMS goes to the SDK.
 */
public final class SimulatedPhone implements AutoCloseable {
  private static final Pattern CODE = Pattern.compile("Your Nubo code is (\\d{6})");

  private final String name;
  private final String number;
  private final NetworkLink link;
  private final SimulatedSmsTransport sim;
  private final NuboClient client;
  private final BlockingQueue<String> codes = new LinkedBlockingQueue<>();
  private final List<NuboEvent> events = new CopyOnWriteArrayList<>();
  private final List<Consumer<NuboEvent>> listeners = new CopyOnWriteArrayList<>();
  private final AutoCloseable subscription;
  private final List<ReceivedSms> early = new CopyOnWriteArrayList<>();
  private boolean ready;

  /** Where the phone's parts connect, and the sealed-sender root it pins. */
  public record Wiring(
      int serverPort,
      Optional<KeyPin> serverPin,
      String sealedSenderRoot,
      String carrierHost,
      int carrierPort,
      Path dataDir) {}

  public SimulatedPhone(String name, String number, Wiring wiring) throws IOException {
    this.name = name;
    this.number = number;
    this.link = new NetworkLink(wiring.serverPort());
    this.sim =
        new SimulatedSmsTransport(
            PhoneConfig.of(wiring.carrierHost(), wiring.carrierPort(), number), this::onSms);
    NuboClient.Builder builder =
        NuboClient.builder()
            .store(new FileClientStore(storeDir(wiring.dataDir(), number)))
            .smsTransport(sim)
            .sealedSenderRoot(wiring.sealedSenderRoot());
    if (wiring.serverPin().isPresent()) {
      builder
          .server(URI.create("https://127.0.0.1:" + link.port()))
          .serverKeyPin(wiring.serverPin().get().text());
    } else {
      builder.server(URI.create("http://127.0.0.1:" + link.port())).allowPlaintextForDevelopment();
    }
    this.client = builder.build();
    this.subscription =
        client.subscribe(
            event -> {
              events.add(event);
              listeners.forEach(l -> l.accept(event));
            });
    List<ReceivedSms> waiting;
    synchronized (early) {
      ready = true;
      waiting = List.copyOf(early);
      early.clear();
    }
    waiting.forEach(this::onSms);
    sim.awaitBound(Duration.ofSeconds(10));
  }

  public String name() {
    return name;
  }

  public String number() {
    return number;
  }

  public NuboClient client() {
    return client;
  }

  public NetworkLink link() {
    return link;
  }

  /** Every event the SDK has raised, oldest first. */
  public List<NuboEvent> events() {
    return List.copyOf(events);
  }

  public void onEvent(Consumer<NuboEvent> listener) {
    listeners.add(listener);
  }

  /** Turns Cloud Messaging on: requests a code, waits for its SMS, and confirms it. */
  public void turnMessagingOn(Duration timeout) {
    codes.clear();
    client.startVerification(number);
    String code;
    try {
      code = codes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the code SMS", e);
    }
    if (code == null) {
      throw new IllegalStateException(name + " received no verification SMS within " + timeout);
    }
    client.confirmCode(code);
  }

  public void turnMessagingOff() {
    client.disableMessaging();
  }

  private void onSms(ReceivedSms sms) {
    synchronized (early) {
      if (!ready) {
        // Stored SMS can arrive while the SIM binds, before the SDK exists.
        early.add(sms);
        return;
      }
    }
    Matcher matcher = CODE.matcher(sms.text());
    if (!sms.fromNumber().startsWith("+") && matcher.find()) {
      codes.add(matcher.group(1));
      return;
    }
    client.onSmsReceived(sms.fromNumber(), sms.text());
  }

  /** Where the phone with {@code number} keeps its SDK store under the phones' folder. */
  static Path storeDir(Path phones, String number) {
    return phones.resolve(number.replace("+", ""));
  }

  @Override
  public void close() {
    closeQuietly(subscription);
    client.close();
    sim.close();
    link.close();
  }

  private static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing a subscription cannot fail in a way the demo could act on.
    }
  }
}
