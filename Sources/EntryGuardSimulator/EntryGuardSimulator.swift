// The simulator library: see SimulatorConfiguration.swift (in progress).
