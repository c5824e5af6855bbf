package org.nubo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.nubo.server.ServerKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nubo keys}: what devices pin, a new sealed-sender signer, the root moved offline. */
@Command(
    name = "keys",
    header = "Show what devices pin, rotate the sealed-sender signer, move its root offline.",
    mixinStandardHelpOptions = true,
    description =
        "Works on the key files in the server's data folder, with the server running or "
            + "stopped. The data folder is found as 'nubo server' finds it: --data-dir, else "
            + "--config and the NUBO_* environment variables, else the nubo-data folder here.",
    subcommands = {
      KeysCommand.Show.class,
      KeysCommand.RotateSigner.class,
      KeysCommand.MoveRoot.class
    })
final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    picocli.CommandLine line =
        java.util.Objects.requireNonNull(spec, "picocli injects spec").commandLine();
    line.usage(line.getOut());
  }

  @Command(
      name = "show",
      header = "Print the three values devices pin, ready for the SDK's builder.",
      mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Mixin ServerSettings folder = new ServerSettings();

    @Override
    public Integer call() {
      Path dataDir = folder.dataFolder();
      ServerKeys.Pins pins = ServerKeys.pins(dataDir);
      String tls =
          pins.tlsKeyPin()
              .orElse("none yet: the server has run only with --plaintext-for-development");
      System.out.println("Keys in " + dataDir.toAbsolutePath().resolve("keys"));
      System.out.println();
      System.out.println("Devices pin these. Publish them with your app: they change only if you");
      System.out.println("replace the key behind them, and a phone refuses a server that does.");
      System.out.println("  TLS key pin          " + tls);
      System.out.println("  OPRF public key      " + pins.oprfPublicKey());
      System.out.println("  sealed-sender root   " + pins.sealedSenderRoot());
      System.out.println();
      System.out.println("In the device SDK:");
      System.out.println("  NuboClient.builder()");
      pins.tlsKeyPin().ifPresent(pin -> System.out.println("      .serverKeyPin(\"" + pin + "\")"));
      System.out.println("      .oprfPublicKey(\"" + pins.oprfPublicKey() + "\")");
      System.out.println("      .sealedSenderRoot(\"" + pins.sealedSenderRoot() + "\")");
      System.out.println();
      System.out.println(
          "Sealed-sender signer   key id "
              + pins.signerKeyId()
              + " (nubo keys rotate-signer makes the next one)");
      System.out.println(
          pins.rootKeyInDataFolder()
              ? "Root private key       in the data folder; move it offline with"
                  + " nubo keys move-root --to FILE"
              : "Root private key       not in the data folder (offline)");
      return 0;
    }
  }

  @Command(
      name = "rotate-signer",
      header = "Certify a new sealed-sender signer under the root; restart the server to use it.",
      mixinStandardHelpOptions = true,
      description =
          "Devices keep accepting certificates from the old signer until they expire (within a "
              + "day): they check every certificate against the root, which does not change.")
  static final class RotateSigner implements Callable<Integer> {
    @Mixin ServerSettings folder = new ServerSettings();

    @Option(
        names = "--root-key",
        paramLabel = "FILE",
        description = "The root's private key, if it was moved out of the data folder.")
    @Nullable Path rootKey;

    @Override
    public Integer call() {
      int keyId = ServerKeys.rotateSigner(folder.dataFolder(), rootKey);
      System.out.println("The sealed-sender signer with key id " + keyId + " is ready.");
      System.out.println("Restart the server to issue sender certificates under it. Certificates");
      System.out.println("from the previous signer stay valid until they expire, within a day.");
      return 0;
    }
  }

  @Command(
      name = "move-root",
      header = "Move the sealed-sender root's private key out of the data folder.",
      mixinStandardHelpOptions = true,
      description =
          "The server runs on the signer and the root's public key. The root is needed again "
              + "only to certify a new signer (nubo keys rotate-signer --root-key FILE): keep it "
              + "offline.")
  static final class MoveRoot implements Callable<Integer> {
    @Mixin ServerSettings folder = new ServerSettings();

    @Option(
        names = "--to",
        paramLabel = "FILE",
        required = true,
        description = "Where the key goes, outside the data folder (a new file).")
    Path destination = Path.of("");

    @Override
    public Integer call() {
      ServerKeys.moveRootOffline(folder.dataFolder(), destination);
      System.out.println("The sealed-sender root key is now at " + destination.toAbsolutePath());
      System.out.println("and no longer in the data folder. Keep it offline; it is needed only");
      System.out.println("to certify a new signer: nubo keys rotate-signer --root-key FILE.");
      return 0;
    }
  }
}
