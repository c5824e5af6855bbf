package org.nubo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cheap parts of the load generator; the benchmarks themselves run by hand. */
class BenchSmokeTest {
  @Test
  void readsCpuAndMemoryOfARunningProcessFromProc() {
    ProcessSample self = ProcessSample.of(ProcessHandle.current().pid());

    assertThat(self.cpuSeconds()).isPositive();
    assertThat(self.rssKiB()).isPositive();
    assertThat(self.peakRssKiB()).isGreaterThanOrEqualTo(self.rssKiB());
  }

  @Test
  void aDeviceSurvivesTheDevicesFile() {
    Device device = Device.synthetic(7);

    assertThat(Device.fromLine(device.toLine())).isEqualTo(device);
    assertThat(device.basic()).startsWith("Basic ");
  }

  @Test
  void enrolmentNumbersAreDistinctE164() {
    assertThat(Enrollment.number(0)).isEqualTo("+14152000000");
    assertThat(Enrollment.number(17_999)).isEqualTo("+14152017999");
  }
}
