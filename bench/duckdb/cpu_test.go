package duckdbbench

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuSample is the machine's busy CPU time (from /proc/stat) and this process's own
// (getrusage), so that a run can tell how much of the machine other processes took while
// it measured: on a shared machine that makes the numbers worthless.
type cpuSample struct {
	at          time.Time
	busy, own   time.Duration
	unavailable bool
}

func sampleCPU() cpuSample {
	s := cpuSample{at: time.Now()}
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuSample{unavailable: true}
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return cpuSample{unavailable: true}
	}
	var total, idle int64
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		if i >= 7 { // guest time is counted in user time already
			break
		}
		total += n
		if i == 3 || i == 4 { // idle, iowait
			idle += n
		}
	}
	s.busy = time.Duration(total-idle) * (time.Second / 100) // USER_HZ is 100 on Linux
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return cpuSample{unavailable: true}
	}
	s.own = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return s
}

// othersCPU returns the CPU time other processes used between two samples and the share
// of the machine's CPUs that is over the interval.
func othersCPU(a, b cpuSample, cpus int) (time.Duration, float64, bool) {
	if a.unavailable || b.unavailable {
		return 0, 0, false
	}
	others := max(0, (b.busy-a.busy)-(b.own-a.own))
	wall := b.at.Sub(a.at)
	return others, others.Seconds() / (wall.Seconds() * float64(cpus)), true
}
