package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuMeter holds the CPU time this process and, on Linux, the server process had used when it
// was started. On a shared machine throughput swings with the load while CPU time per message
// does not: it tells what a quiet machine would do.
type cpuMeter struct {
	serverPid   int
	clientStart time.Duration
	serverStart time.Duration
	ticksPerSec float64
	serverKnown bool
}

// startCPUMeter reads both counters now; serverPid 0 measures the client only.
func startCPUMeter(serverPid int) (*cpuMeter, error) {
	m := &cpuMeter{serverPid: serverPid}
	var err error
	if m.clientStart, err = clientCPU(); err != nil {
		return nil, err
	}
	if serverPid > 0 {
		if m.ticksPerSec, err = clockTicksPerSecond(); err != nil {
			return nil, err
		}
		if m.serverStart, err = m.serverCPU(); err != nil {
			return nil, err
		}
		m.serverKnown = true
	}
	return m, nil
}

// perItem returns e.g. ", CPU per msg: client 1.2 us + server 2.3 us" for the CPU used since
// the start over items items; the server part is left out when unknown.
func (m *cpuMeter) perItem(items int, item string) string {
	text := ""
	if client, err := clientCPU(); err == nil {
		text = fmt.Sprintf(", CPU per %s: client %.1f us", item, micros(client-m.clientStart, items))
	}
	if m.serverKnown {
		if server, err := m.serverCPU(); err == nil {
			text += fmt.Sprintf(" + server %.1f us", micros(server-m.serverStart, items))
		}
	}
	return text
}

func micros(d time.Duration, items int) float64 {
	return float64(d.Nanoseconds()) / 1e3 / float64(items)
}

// clientCPU is this process's user + system CPU time (all threads).
func clientCPU() (time.Duration, error) {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano()), nil
}

// serverCPU is utime + stime of the server process, from /proc/PID/stat (all its threads).
func (m *cpuMeter) serverCPU() (time.Duration, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", m.serverPid))
	if err != nil {
		return 0, fmt.Errorf("server CPU time: %w", err)
	}
	// The command name (field 2) is in parentheses and may hold spaces: count from after it.
	// utime and stime are fields 14 and 15, so the 12th and 13th after the name.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("server CPU time: /proc/%d/stat has %d fields after the name", m.serverPid, len(fields))
	}
	var ticks int64
	for _, field := range fields[11:13] {
		n, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("server CPU time: /proc/%d/stat: %w", m.serverPid, err)
		}
		ticks += n
	}
	return time.Duration(float64(ticks) / m.ticksPerSec * float64(time.Second)), nil
}

// clockTicksPerSecond is the unit of /proc/PID/stat's times (sysconf(_SC_CLK_TCK), which Go
// cannot call without cgo, so ask getconf; 100 on every Linux this runs on).
func clockTicksPerSecond() (float64, error) {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err != nil {
		return 0, fmt.Errorf("getconf CLK_TCK: %w", err)
	}
	ticks, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || ticks <= 0 {
		return 0, fmt.Errorf("getconf CLK_TCK printed %q", out)
	}
	return ticks, nil
}
