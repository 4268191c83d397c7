package org.dnnbench.store;

import java.util.List;
import java.util.Set;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;

/** A store that passes every call to a real one; tests override what should go wrong. */
class ForwardingStore implements ResultStore {
  private final ResultStore real;

  ForwardingStore(ResultStore real) {
    this.real = real;
  }

  @Override
  public String location() {
    return real.location();
  }

  @Override
  public int schemaVersion() {
    return real.schemaVersion();
  }

  @Override
  public void putAnalysis(AnalysisRecord a) {
    real.putAnalysis(a);
  }

  @Override
  public void putCase(CaseResult r) {
    real.putCase(r);
  }

  @Override
  public void putAccuracy(AccuracyResult a, Environment e) {
    real.putAccuracy(a, e);
  }

  @Override
  public void putAccuracy(AccuracyRecord r) {
    real.putAccuracy(r);
  }

  @Override
  public void putAll(ImportBatch b) {
    real.putAll(b);
  }

  @Override
  public List<AnalysisRecord> analyses() {
    return real.analyses();
  }

  @Override
  public List<CaseResult> cases() {
    return real.cases();
  }

  @Override
  public List<CaseResult> attempts(org.dnnbench.results.Environment environment) {
    return real.attempts(environment);
  }

  @Override
  public List<AccuracyRecord> accuracies() {
    return real.accuracies();
  }

  @Override
  public List<MachineRecord> machines() {
    return real.machines();
  }

  @Override
  public Set<CaseKey> storedCases(Environment e) {
    return real.storedCases(e);
  }

  @Override
  public void close() {
    real.close();
  }
}
