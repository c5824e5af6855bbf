package org.nubo.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Enrols devices once, through the real verification flow, for the relay and idle benchmarks:
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.Bench enroll \
 *     --devices 18000
 * </pre>
 *
 * <p>Starts the carrier simulator and the real server (plain HTTP), and appends to {@code
 * <data-dir>/devices.csv} only the devices still missing.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true, description = "Enrol devices.")
final class EnrollCommand implements Callable<Integer> {
  @Mixin RigOptions rig = new RigOptions();

  @Option(names = "--devices", description = "How many devices to have (default 1000).")
  int devices = 1000;

  @Option(names = "--parallel", description = "Enrolments in flight (default 32).")
  int parallel = 32;

  @Override
  public Integer call() throws Exception {
    rig.tls = false;
    rig.target = Target.NUBO;
    try (ServerRig server = ServerRig.start(rig)) {
      new Enrollment(server.http(), rig.carrierPort)
          .enrollUpTo(rig.devicesFile(), devices, parallel);
    }
    return 0;
  }
}
