package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.results.Cpus;
import org.dnnbench.results.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup CPU quota read from fixture trees: a fake {@code /proc} and {@code /sys} under a
 * temporary root, as a machine without a cgroup, with cgroup v2 and v1, nested quotas, a
 * container's mount and a throttled case lay them out.
 */
class CgroupCpuTest {
  @TempDir Path root;

  static final String V2_MOUNTINFO =
      "24 30 0:22 / /proc rw,nosuid - proc proc rw\n"
          + "29 30 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2"
          + " rw,nsdelegate\n";

  static final String V1_MOUNTINFO =
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
          + "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
          + "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n";

  /** Two CPUs, both allowed. */
  static final String STAT =
      "cpu  200 0 0 2000 0 0 0 0 0 0\n"
          + "cpu0 100 0 0 1000 0 0 0 0 0 0\n"
          + "cpu1 100 0 0 1000 0 0 0 0 0 0\n";

  private void write(String path, String text) throws IOException {
    Path f = root.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private void machine(String allowedList) throws IOException {
    write("proc/stat", STAT);
    write("proc/self/status", "Name:\tjava\nCpus_allowed_list:\t" + allowedList + "\n");
  }

  @Test
  void noCgroupFileMeansNoQuota() throws IOException {
    machine("0-1");
    CgroupCpu q = CgroupCpu.read(root);
    Cpus cpus = CgroupCpu.cpus(root, q);
    assertAll(
        () -> assertFalse(q.limited()),
        () -> assertEquals(0, q.version()),
        () -> assertEquals(CgroupCpu.Throttling.UNKNOWN, q.throttling()),
        () -> assertEquals(2, cpus.effective(), 0),
        () -> assertEquals(2, cpus.defaultThreads()),
        () -> assertEquals("2 effective CPUs (all of the machine's)", cpus.describe()),
        () -> assertEquals("", ProcSnapshot.consideredPhrase(cpus)));
  }

  @Test
  void cgroupV2WithMaxHasNoQuota() throws IOException {
    machine("0-1");
    write("proc/self/cgroup", "0::/user.slice/session-1.scope\n");
    write("proc/self/mountinfo", V2_MOUNTINFO);
    write("sys/fs/cgroup/user.slice/session-1.scope/cpu.max", "max 100000\n");
    write("sys/fs/cgroup/user.slice/cpu.max", "max 100000\n");
    CgroupCpu q = CgroupCpu.read(root);
    assertAll(
        () -> assertFalse(q.limited()),
        () -> assertEquals(2, q.version()),
        () -> assertTrue(Double.isNaN(q.cpus())),
        () -> assertNull(CgroupCpu.parseCpuMax("max 100000")));
  }

  @Test
  void cgroupV2QuotaIsCountedAndNamed() throws IOException {
    machine("0-1");
    write("proc/self/cgroup", "0::/docker/abc\n");
    write("proc/self/mountinfo", V2_MOUNTINFO);
    write("sys/fs/cgroup/docker/abc/cpu.max", "150000 100000\n");
    CgroupCpu q = CgroupCpu.read(root);
    Cpus cpus = CgroupCpu.cpus(root, q);
    assertAll(
        () -> assertEquals(1.5, q.cpus(), 1e-12),
        () -> assertEquals("cgroup v2 cpu.max \"150000 100000\" at /docker/abc", q.source()),
        () -> assertEquals(root.resolve("sys/fs/cgroup/docker/abc/cpu.stat"), q.stat()),
        () -> assertEquals(1.5, cpus.effective(), 1e-12),
        // a thread more than the quota would be throttled every period
        () -> assertEquals(1, cpus.defaultThreads()),
        () ->
            assertEquals(
                "1.5 effective CPUs (cgroup v2 cpu.max \"150000 100000\" at /docker/abc; may run"
                    + " on all 2 CPUs)",
                cpus.describe()),
        () ->
            assertTrue(
                ProcSnapshot.consideredPhrase(cpus).startsWith("CPU shares over 1.5 effective"),
                ProcSnapshot.consideredPhrase(cpus)));
  }

  @Test
  void nestedQuotasGiveTheTightest() throws IOException {
    machine("0-1");
    write("proc/self/cgroup", "0::/kubepods/pod1/c1\n");
    write("proc/self/mountinfo", V2_MOUNTINFO);
    write("sys/fs/cgroup/cpu.max", "max 100000\n");
    // the pod allows 0.5 CPU, its container 1.5: the kernel enforces both, the pod's binds
    write("sys/fs/cgroup/kubepods/cpu.max", "max 100000\n");
    write("sys/fs/cgroup/kubepods/pod1/cpu.max", "50000 100000\n");
    write("sys/fs/cgroup/kubepods/pod1/c1/cpu.max", "150000 100000\n");
    CgroupCpu q = CgroupCpu.read(root);
    assertAll(
        () -> assertEquals(0.5, q.cpus(), 1e-12),
        () -> assertEquals("cgroup v2 cpu.max \"50000 100000\" at /kubepods/pod1", q.source()),
        () -> assertEquals(root.resolve("sys/fs/cgroup/kubepods/pod1/cpu.stat"), q.stat()),
        () -> assertEquals(1, CgroupCpu.cpus(root, q).defaultThreads()));
    // and the other way round: the container's own quota is the tighter
    write("sys/fs/cgroup/kubepods/pod1/cpu.max", "300000 100000\n");
    write("sys/fs/cgroup/kubepods/pod1/c1/cpu.max", "100000 50000\n");
    assertEquals(2.0, CgroupCpu.read(root).cpus(), 1e-12);
    // a quota of more CPUs than the process may run on does not limit it
    Cpus wide = CgroupCpu.cpus(root, CgroupCpu.read(root));
    assertAll(() -> assertFalse(wide.quotaLimits()), () -> assertEquals(2, wide.effective(), 0));
  }

  @Test
  void aContainersMountShowsOnlyItsOwnCgroup() throws IOException {
    machine("0-1");
    // inside the container, /proc/self/cgroup names the host's path; the mount's root is it
    write("proc/self/cgroup", "0::/system.slice/docker-abc.scope\n");
    write(
        "proc/self/mountinfo",
        "29 30 0:26 /system.slice/docker-abc.scope /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n");
    write("sys/fs/cgroup/cpu.max", "200000 100000\n");
    assertEquals(2.0, CgroupCpu.read(root).cpus(), 1e-12);
  }

  @Test
  void cgroupV1QuotaAndItsThrottling() throws IOException {
    machine("0-1");
    write("proc/self/cgroup", "4:memory:/x\n3:cpuset:/\n2:cpu,cpuacct:/dnnbench-test\n0::/\n");
    write("proc/self/mountinfo", V1_MOUNTINFO);
    write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
    write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
    write("sys/fs/cgroup/cpu,cpuacct/dnnbench-test/cpu.cfs_quota_us", "150000\n");
    write("sys/fs/cgroup/cpu,cpuacct/dnnbench-test/cpu.cfs_period_us", "100000\n");
    write(
        "sys/fs/cgroup/cpu,cpuacct/dnnbench-test/cpu.stat",
        "nr_periods 40\nnr_throttled 12\nthrottled_time 310000000\n");
    CgroupCpu q = CgroupCpu.read(root);
    assertAll(
        () -> assertEquals(1, q.version()),
        () -> assertEquals(1.5, q.cpus(), 1e-12),
        () ->
            assertEquals(
                "cgroup v1 cpu.cfs_quota_us 150000 / cpu.cfs_period_us 100000 at /dnnbench-test",
                q.source()),
        // v1 counts throttled time in ns
        () -> assertEquals(new CgroupCpu.Throttling(40, 12, 310_000), q.throttling()));
  }

  @Test
  void v2ThrottlingCountersAreMicroseconds() {
    assertEquals(
        new CgroupCpu.Throttling(7, 3, 4500),
        CgroupCpu.parseStat(
            "usage_usec 100\nuser_usec 90\nnr_periods 7\nnr_throttled 3\nthrottled_usec 4500\n",
            2));
  }

  @Test
  void affinityAndQuotaTogetherGiveTheFewer() throws IOException {
    write("proc/stat", STAT);
    write("proc/self/status", "Cpus_allowed_list:\t0\n");
    write("proc/self/cgroup", "0::/a\n");
    write("proc/self/mountinfo", V2_MOUNTINFO);
    write("sys/fs/cgroup/a/cpu.max", "150000 100000\n");
    Cpus cpus = CgroupCpu.cpus(root, CgroupCpu.read(root));
    assertAll(
        () -> assertEquals(1, cpus.effective(), 0),
        () -> assertFalse(cpus.quotaLimits()),
        () -> assertEquals("1 effective CPU (Cpus_allowed_list 0 of 2)", cpus.describe()),
        () ->
            assertEquals(
                "CPU figures over the 1 CPU this process may run on (Cpus_allowed_list 0) of 2",
                ProcSnapshot.consideredPhrase(cpus)));
  }

  /** A snapshot of a 2-CPU machine with a 1.5-CPU quota and its throttling counters. */
  static ProcSnapshot snap(
      double seconds, long busy, long total, long own, long periods, long throttled, long usec) {
    return new ProcSnapshot(
        (long) (seconds * 1e9),
        busy,
        total,
        0,
        0,
        own,
        1.0,
        Double.NaN,
        2,
        1.5,
        new CgroupCpu.Throttling(periods, throttled, usec));
  }

  @Test
  void aThrottledCaseSaysSoAndIsInvalidOverTheShare() {
    // 10 s on 2 CPUs = 2000 ticks; 1500 busy, all ours; 100 periods, 30 throttled for 2 s
    var w =
        ProcSnapshot.window(
            snap(0, 0, 0, 0, 0, 0, 0), snap(10, 1500, 2000, 1500, 100, 30, 2_000_000), Double.NaN);
    var state = new MachineState(w, w);
    var tight = new double[] {10, 10, 10.1, 9.9, 10, 10, 10.2, 9.8, 10, 10};
    var v = Verdict.judge(10, 10, MedianInterval.of(tight), 0.03, state, 0.2, true);
    assertAll(
        () -> assertEquals(1.5, w.quotaCpus(), 0),
        () -> assertEquals(30, w.throttledPeriods()),
        () -> assertEquals(100, w.periods()),
        () -> assertEquals(0.2, w.throttledShare(), 1e-12),
        () -> assertEquals(0, w.otherShare(), 1e-12),
        () ->
            assertEquals(
                "throttled by its CPU quota in 30 of 100 periods, 2.00 s (20% of the 10.0 s)",
                w.throttlePhrase()),
        () -> assertFalse(v.valid()),
        () ->
            assertEquals(
                "throttled by its CPU quota in 30 of 100 periods, 2.00 s (20% of the 10.0 s), over"
                    + " the 5% allowed: use at most 1 --threads under the quota's 1.5 CPUs, or a"
                    + " larger quota",
                v.reason()),
        () -> assertTrue(Verdict.isReason(v.reasons().get(0))),
        () -> assertTrue(Verdict.throttleAdvice(0.5).startsWith("a quota of 0.5 CPUs throttles")));
    // throttled for 0.3 s of 10 (3%): said, and still valid
    var light =
        ProcSnapshot.window(
            snap(0, 0, 0, 0, 0, 0, 0), snap(10, 1500, 2000, 1500, 100, 3, 300_000), Double.NaN);
    var lv =
        Verdict.judge(
            10, 10, MedianInterval.of(tight), 0.03, new MachineState(light, light), 0.2, true);
    assertAll(
        () -> assertTrue(lv.valid(), lv.reason()),
        () -> assertTrue(light.describe().contains("throttled by its CPU quota in 3 of 100")));
  }

  @Test
  void otherProcessesCountAgainstTheQuotaOnlyBeyondTheCpusItLeavesFree() {
    // others took 1.2 of 2 CPUs; a 1.5-CPU quota leaves 0.5 to them, so 0.7 of its 1.5 were lost
    var w =
        ProcSnapshot.window(
            snap(0, 0, 0, 0, -1, -1, -1), snap(1, 120, 200, 0, -1, -1, -1), Double.NaN);
    var quiet =
        ProcSnapshot.window(
            snap(0, 0, 0, 0, -1, -1, -1), snap(1, 40, 200, 0, -1, -1, -1), Double.NaN);
    assertAll(
        () -> assertEquals(1.2, w.otherCores(), 1e-12),
        () -> assertEquals(0.7, w.deniedCores(), 1e-12),
        () -> assertEquals(0.7 / 1.5, w.otherShare(), 1e-12),
        () -> assertEquals(1.5, w.effectiveCpus(), 0),
        () ->
            assertTrue(
                w.describe()
                    .startsWith(
                        "other processes used 1.2 of 2 CPUs, 0.70 of them (47%) from the 1.5 CPUs"
                            + " of this process's quota"),
                w.describe()),
        () -> assertEquals("0.70 of the 1.5 CPUs of the quota", w.sharePhrase()),
        // 0.4 cores of others fit in the 0.5 the quota leaves free: nothing taken from it
        () -> assertEquals(0, quiet.otherShare(), 1e-12),
        () -> assertFalse(w.throttlePhrase().length() > 0, "no counters: nothing said"));
  }
}
