package org.nubo.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nubo.carrier.CarrierConfig;
import org.nubo.carrier.CarrierSimulator;
import org.nubo.carrier.GatewayAccount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nubo carrier}: runs the carrier simulator until interrupted. */
@Command(
    name = "carrier",
    header = "Run the carrier simulator that delivers the SMS of simulated phones.",
    mixinStandardHelpOptions = true,
    description =
        "Runs the carrier simulator: an SMPP server on loopback that delivers SMS between "
            + "simulated phones and accepts the Nubo server's verification texts.")
final class CarrierCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "SMPP port (default ${DEFAULT-VALUE}).",
      defaultValue = "2775")
  int port;

  @Option(
      names = "--gateway-password",
      description =
          "Password the Nubo server binds with as system id 'nubo' (default ${DEFAULT-VALUE}).",
      defaultValue = "nubodemo")
  String gatewayPassword = "nubodemo";

  @Override
  public Integer call() throws InterruptedException {
    CarrierSimulator carrier =
        new CarrierSimulator(
                CarrierConfig.loopback(port)
                    .withGateway(new GatewayAccount("nubo", gatewayPassword, "Nubo")))
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  carrier.close();
                  stopped.countDown();
                },
                "carrier-shutdown"));
    carrier.addListener(
        event ->
            System.out.println(
                event.at()
                    + "  "
                    + event.stage()
                    + "  "
                    + event.from()
                    + " -> "
                    + event.to()
                    + "  ("
                    + event.segments()
                    + " segment(s))"));
    System.out.println("Carrier simulator listening on " + carrier.host() + ":" + carrier.port());
    System.out.println(
        "Phones bind with their number as system id and password '"
            + CarrierConfig.DEFAULT_PHONE_PASSWORD
            + "'.");
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
    return 0;
  }
}
