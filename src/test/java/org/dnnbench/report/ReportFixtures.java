package org.dnnbench.report;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.AccuracyRecord;
import org.dnnbench.store.MachineRecord;
import org.dnnbench.store.StoreFixtures;
import org.dnnbench.zoo.Catalog;

/** The fixed result set of {@link StoreFixtures} as report data, without a database. */
final class ReportFixtures {
  private ReportFixtures() {}

  static List<AccuracyRecord> accuracies() {
    var acc = new ArrayList<AccuracyRecord>();
    for (var m : Catalog.standard().reference()) {
      if (m.publishedTop1().isPresent()) {
        acc.add(
            AccuracyRecord.published(
                m.id(),
                m.publishedTop1().getAsDouble(),
                m.publishedTop5().orElse(Double.NaN),
                m.accuracySource()));
      }
    }
    acc.add(AccuracyRecord.measured(StoreFixtures.RESNET18_MEASURED, StoreFixtures.WORKSTATION));
    return acc;
  }

  static MachineRecord machine(org.dnnbench.results.Environment e) {
    return new MachineRecord(
        e.machineId(),
        e.machine().label(),
        e.machine().cpuModel(),
        e.machine().cores(),
        e.machine().memoryMb(),
        e.machine().os());
  }

  /** Both machines. */
  static ReportData twoMachines() {
    var cases = new ArrayList<CaseResult>(StoreFixtures.cases(StoreFixtures.BOARD, 4));
    cases.addAll(StoreFixtures.cases(StoreFixtures.WORKSTATION, 1));
    return ReportData.of(
        StoreFixtures.analyses(),
        cases,
        accuracies(),
        List.of(machine(StoreFixtures.BOARD), machine(StoreFixtures.WORKSTATION)));
  }

  /** The workstation only. */
  static ReportData oneMachine() {
    return ReportData.of(
        StoreFixtures.analyses(),
        StoreFixtures.cases(StoreFixtures.WORKSTATION, 1),
        accuracies(),
        List.of(machine(StoreFixtures.WORKSTATION)));
  }
}
