package org.nubo.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.nubo.carrier.PhoneConfig;
import org.nubo.carrier.SimulatedSmsTransport;
import org.nubo.client.FileClientStore;
import org.nubo.client.InboxMessage;
import org.nubo.client.NuboClient;
import org.nubo.client.NuboEvent;
import org.nubo.client.NuboException;
import org.nubo.client.OutgoingMessage;
import org.nubo.client.PresenceSharing;
import org.nubo.client.Reachability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nubo phone}: an interactive simulated phone built on the device SDK. */
@Command(
    name = "phone",
    header = "Use an interactive simulated phone.",
    mixinStandardHelpOptions = true,
    description =
        "An interactive simulated phone on the device SDK and the carrier simulator. Start "
            + "'nubo carrier' and 'nubo server' first; type 'help' at the prompt.")
final class PhoneCommand implements Callable<Integer> {
  private static final Pattern CODE = Pattern.compile("Your Nubo code is (\\d{6})");

  @Option(
      names = "--number",
      required = true,
      description = "This phone's number, e.g. +14155550101.")
  String number = "";

  @Option(
      names = "--server",
      defaultValue = "https://127.0.0.1:8443",
      description = "Server URL (default ${DEFAULT-VALUE}).")
  URI server = URI.create("https://127.0.0.1:8443");

  @Option(
      names = "--pin",
      description = "The server key pin printed by 'nubo server' (sha256/...).")
  @Nullable String pin;

  @Option(
      names = "--sealed-sender-root",
      description =
          "Pin the sealed-sender root printed by 'nubo server' (base64url); default: the one the"
              + " server publishes over the pinned TLS connection.")
  @Nullable String sealedSenderRoot;

  @Option(
      names = "--carrier",
      defaultValue = "127.0.0.1:2775",
      description = "Carrier simulator host:port (default ${DEFAULT-VALUE}).")
  String carrier = "127.0.0.1:2775";

  @Option(
      names = "--data-dir",
      defaultValue = "nubo-data/phones",
      description = "Where the phone keeps its state (default ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("nubo-data/phones");

  private volatile @Nullable String lastCode;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    String[] hostPort = carrier.split(":", 2);
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("--carrier takes host:port, like 127.0.0.1:2775");
    }
    NuboClient[] holder = new NuboClient[1];
    try (SimulatedSmsTransport sim =
        new SimulatedSmsTransport(
            PhoneConfig.of(hostPort[0], Integer.parseInt(hostPort[1]), number),
            sms -> {
              Matcher m = CODE.matcher(sms.text());
              if (!sms.fromNumber().startsWith("+") && m.find()) {
                lastCode = m.group(1);
                out.println(
                    "\n[SMS from "
                        + sms.fromNumber()
                        + "] code "
                        + lastCode
                        + " (type: code "
                        + lastCode
                        + ")");
              } else if (holder[0] != null) {
                holder[0].onSmsReceived(sms.fromNumber(), sms.text());
              }
            })) {
      NuboClient.Builder builder =
          NuboClient.builder()
              .server(server)
              .store(new FileClientStore(dataDir.resolve(number.replace("+", ""))))
              .smsTransport(sim);
      if (sealedSenderRoot != null) {
        builder.sealedSenderRoot(sealedSenderRoot);
      }
      if (pin != null) {
        builder.serverKeyPin(pin);
      } else if (server.getScheme().equals("http")) {
        builder.allowPlaintextForDevelopment();
      }
      try (NuboClient client = builder.build()) {
        holder[0] = client;
        client.subscribe(event -> out.println("\n" + describe(event)));
        out.println(
            "Phone "
                + number
                + ". Cloud Messaging is "
                + (client.settings().messaging() ? "on" : "off")
                + ". Type 'help'.");
        repl(client, out);
      }
    }
    return 0;
  }

  private void repl(NuboClient client, PrintStream out) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (true) {
      out.print(number + "> ");
      out.flush();
      String line = in.readLine();
      if (line == null) {
        return;
      }
      String[] words = line.trim().split("\\s+", 3);
      try {
        switch (words[0]) {
          case "" -> {}
          case "help" -> out.println(HELP);
          case "on" -> {
            client.startVerification(number);
            out.println("Code requested; it arrives by SMS. Type: code 123456");
          }
          case "code" -> {
            String code = words.length > 1 ? words[1] : lastCode;
            if (code == null) {
              out.println("No code yet: type 'on' first.");
            } else {
              client.confirmCode(code);
              out.println("Cloud Messaging is on.");
            }
          }
          case "off" -> {
            client.disableMessaging();
            out.println("Cloud Messaging is off; contacts now see you as gray.");
          }
          case "add" -> {
            need(words, 3, "add NAME NUMBER");
            client.addContact(words[1], words[2]);
            out.println("Added " + words[1] + ".");
          }
          case "contacts" ->
              client.contacts().forEach(c -> out.println("  " + c.name() + "  " + c.number()));
          case "open" -> {
            need(words, 2, "open NUMBER");
            Reachability r = client.checkReachability(words[1]).get(10, TimeUnit.SECONDS);
            out.println(
                words[1]
                    + " is "
                    + (r == Reachability.BLUE
                        ? "BLUE: online, texts are free"
                        : "GRAY: texts go by SMS"));
          }
          case "send" -> {
            need(words, 3, "send NUMBER TEXT");
            OutgoingMessage m = client.send(words[1], words[2]);
            out.println("Queued message " + Long.toUnsignedString(m.id(), 16) + ".");
          }
          case "fallback" -> {
            need(words, 2, "fallback on|off [NUMBER]");
            boolean on = onOff(words[1]);
            if (words.length > 2) {
              client.setSmsFallback(words[2], on);
            } else {
              client.setSmsFallback(on);
            }
            out.println(
                "SMS fallback "
                    + (on ? "on" : "off")
                    + (words.length > 2 ? " for " + words[2] : " for every conversation")
                    + (on ? "." : ": texts that cannot go over IP will wait for 'sms ID'."));
          }
          case "presence" -> {
            need(words, 2, "presence everyone|contacts|nobody");
            PresenceSharing sharing = presence(words[1]);
            client.setPresenceSharing(sharing);
            out.println(
                switch (sharing) {
                  case EVERYONE -> "Anyone who knows your number can see when you are online.";
                  case CONTACTS -> "Only your contacts can see when you are online.";
                  case NOBODY -> "Nobody can see when you are online: you always look gray.";
                });
          }
          case "sms" -> {
            need(words, 2, "sms ID");
            OutgoingMessage m = client.retryAsSms(Long.parseUnsignedLong(words[1], 16));
            out.println("Sending " + Long.toUnsignedString(m.id(), 16) + " as an SMS.");
          }
          case "safety" -> {
            need(words, 2, "safety NUMBER");
            out.println(
                client
                    .safetyNumber(words[1])
                    .map(n -> "Safety number with " + words[1] + ":\n  " + n)
                    .orElse("No safety number with " + words[1] + " yet: exchange a message."));
          }
          case "trust" -> {
            need(words, 2, "trust NUMBER");
            client.acceptSafetyNumber(words[1]);
            out.println("Accepted the new safety number of " + words[1] + ".");
          }
          case "inbox" -> client.inbox().forEach(m -> out.println("  " + describe(m)));
          case "outbox" -> client.outbox().forEach(m -> out.println("  " + describe(m)));
          case "status" ->
              out.println(
                  "messaging "
                      + (client.settings().messaging() ? "on" : "off")
                      + ", "
                      + (client.isConnected() ? "connected" : "not connected")
                      + ", SMS fallback "
                      + (client.settings().smsFallback() ? "on" : "off")
                      + ", presence seen by "
                      + client.settings().presence().name().toLowerCase(Locale.ROOT));
          case "quit", "exit" -> {
            return;
          }
          default -> out.println("Unknown command '" + words[0] + "'. Type 'help'.");
        }
      } catch (NuboException e) {
        out.println("Error (" + e.code() + "): " + e.getMessage());
      } catch (IllegalArgumentException e) {
        out.println(e.getMessage());
      }
    }
  }

  private static void need(String[] words, int count, String usage) {
    if (words.length < count) {
      throw new IllegalArgumentException("Usage: " + usage);
    }
  }

  private static PresenceSharing presence(String word) {
    return switch (word) {
      case "everyone" -> PresenceSharing.EVERYONE;
      case "contacts" -> PresenceSharing.CONTACTS;
      case "nobody" -> PresenceSharing.NOBODY;
      default ->
          throw new IllegalArgumentException(
              "Say 'everyone', 'contacts' or 'nobody', not '" + word + "'.");
    };
  }

  private static boolean onOff(String word) {
    return switch (word) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("Say 'on' or 'off', not '" + word + "'.");
    };
  }

  private static String describe(InboxMessage m) {
    return "from "
        + m.from()
        + " via "
        + m.via()
        + inClear(m.readableByCarrier())
        + ": "
        + m.text();
  }

  private static String describe(OutgoingMessage m) {
    String failure =
        switch (m.failure()) {
          case NONE -> "";
          case SMS_TRANSPORT -> " (the SMS could not be sent)";
          case SMS_FALLBACK_OFF -> " (SMS fallback is off; 'sms ID' sends it anyway)";
        };
    return Long.toUnsignedString(m.id(), 16)
        + " to "
        + m.to()
        + " ["
        + m.state()
        + "]"
        + inClear(m.readableByCarrier())
        + failure
        + ": "
        + m.text();
  }

  private static String inClear(boolean clear) {
    return clear ? " (in clear: the carrier can read SMS)" : "";
  }

  private static String describe(NuboEvent event) {
    return switch (event) {
      case NuboEvent.MessageReceived e -> "[new message] " + describe(e.message());
      case NuboEvent.MessageUpdated e ->
          "[message " + e.message().state() + "] to " + e.message().to();
      case NuboEvent.ReachabilityChanged e -> "[" + e.number() + " is " + e.reachability() + "]";
      case NuboEvent.ConnectionChanged e -> e.connected() ? "[connected]" : "[disconnected]";
      case NuboEvent.MessagingChanged e -> "[Cloud Messaging " + (e.enabled() ? "on" : "off") + "]";
      case NuboEvent.SafetyNumberChanged e ->
          "[safety number with "
              + e.number()
              + " changed: texts to it go by SMS until you type 'trust "
              + e.number()
              + "' (compare 'safety "
              + e.number()
              + "' first)]";
    };
  }

  private static final String HELP =
      """
        on                 turn Cloud Messaging on (a code arrives by SMS)
        code [123456]      confirm the code (defaults to the last one received)
        off                turn Cloud Messaging off
        add NAME NUMBER    add a contact
        contacts           list contacts
        open NUMBER        see whether a contact is blue (online) or gray
        send NUMBER TEXT   send a message (over IP if possible, else SMS)
        fallback on|off [NUMBER]
                           allow SMS fallback (readable by the carrier) for all, or one chat
        presence everyone|contacts|nobody
                           who may see when you are online (default: contacts)
        sms ID             send a message held back by 'fallback off' as an SMS after all
        safety NUMBER      the safety number to compare with a contact, in person
        trust NUMBER       accept a contact's changed safety number
        inbox / outbox     messages received / sent, with how each travelled
        status             messaging and connection state
        quit""";
}
