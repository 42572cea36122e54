package loadtest

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// CPU is how the machine's processors were used during the measured phase, in cores
// (1.0 = one core busy all the time). The server and the load generator share the
// machine, and so may anything else running on it; Other says how much that was.
type CPU struct {
	Cores  int     // processors of the machine
	Server float64 // the tertial serve process, when ServerKnown
	// ServerKnown is whether the server's process was known; if not, its time is in Self
	// (serving in process) or in Other.
	ServerKnown bool
	DB          float64 // the database server's processes (PostgreSQL), when named
	// DBOwn is the part of DB spent by the connections to the run's own database, when
	// it is known: other users of the same PostgreSQL server are not in it.
	DBOwn    float64
	DBOwnSet bool
	Self     float64 // this process: the load generator (and the server when in process)
	Other    float64 // everything else that ran on the machine meanwhile
	Idle     float64
}

func (c CPU) String() string {
	db := ""
	if c.DB > 0 {
		db = fmt.Sprintf("%.2f postgres, ", c.DB)
		if c.DBOwnSet {
			db = fmt.Sprintf("%.2f postgres (%.2f of it this database's connections), ", c.DB, c.DBOwn)
		}
	}
	if !c.ServerKnown {
		return fmt.Sprintf("%s%.2f this process, %.2f other processes (the server is in one or the other), %.2f idle (cores, of %d)", db, c.Self, c.Other, c.Idle, c.Cores)
	}
	return fmt.Sprintf("%.2f server, %s%.2f load generator, %.2f other processes, %.2f idle (cores, of %d)", c.Server, db, c.Self, c.Other, c.Idle, c.Cores)
}

// cpuSample is a reading of /proc: the machine's busy and total ticks and the ticks of
// this process and the server's.
type cpuSample struct {
	total, idle      uint64
	self, server, db uint64
	dbOwn            uint64
	dbOwnSet         bool
	serverKnown      bool
	ok               bool
}

func sampleCPU(serverPID int, dbProcess, dbName string) cpuSample {
	var s cpuSample
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return s
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return s
	}
	for i, v := range f[1:] {
		n, _ := strconv.ParseUint(v, 10, 64)
		if i == 8 || i == 9 { // guest time is already counted in user time
			continue
		}
		s.total += n
		if i == 3 || i == 4 { // idle, iowait
			s.idle += n
		}
	}
	var ok bool
	if s.self, ok = procTicks(os.Getpid(), false); !ok {
		return s
	}
	if serverPID > 0 {
		if s.server, ok = procTicks(serverPID, false); !ok {
			return s
		}
		s.serverKnown = true
	}
	if dbProcess != "" {
		s.db = commandTicks(dbProcess, "")
		if dbName != "" {
			s.dbOwn, s.dbOwnSet = commandTicks(dbProcess, dbName), true
		}
	}
	s.ok = true
	return s
}

// commandTicks adds up the user and system time of the processes named name, with that
// of their children that have ended: PostgreSQL starts a process per connection, and a
// connection closed during the run takes its time to the postmaster's children time.
// With database set, only the backends serving that database count ("postgres: USER
// DATABASE ADDRESS …"), without children: the server's own connections to its database.
func commandTicks(name, database string) uint64 {
	dirs, _ := os.ReadDir("/proc")
	var sum uint64
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if comm, err := os.ReadFile("/proc/" + d.Name() + "/comm"); err != nil || strings.TrimSpace(string(comm)) != name {
			continue
		}
		if database != "" {
			cmd, err := os.ReadFile("/proc/" + d.Name() + "/cmdline")
			if err != nil || !strings.Contains(string(cmd), " "+database+" ") {
				continue
			}
		}
		if t, ok := procTicks(pid, database == ""); ok {
			sum += t
		}
	}
	return sum
}

// procTicks returns a process's user and system time in clock ticks, with that of its
// ended children when children is true.
func procTicks(pid int, children bool) (uint64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 15 {
		return 0, false
	}
	fields := f[11:13] // utime, stime
	if children {
		fields = f[11:15] // and cutime, cstime
	}
	var sum uint64
	for _, v := range fields {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return 0, false
		}
		sum += n
	}
	return sum, true
}

// cpuBetween turns two samples into cores used. Both /proc/stat and /proc/PID/stat count
// in the same clock ticks, so the shares need no tick rate.
func cpuBetween(a, b cpuSample) (CPU, bool) {
	if !a.ok || !b.ok || b.total <= a.total {
		return CPU{}, false
	}
	n := runtime.NumCPU()
	total := float64(b.total - a.total)
	cores := func(ticks uint64) float64 { return float64(ticks) / total * float64(n) }
	c := CPU{Cores: n, Self: cores(b.self - a.self), Server: cores(b.server - a.server), Idle: cores(b.idle - a.idle), ServerKnown: a.serverKnown}
	if b.db > a.db { // backends that ended meanwhile take their ticks with them
		c.DB = cores(b.db - a.db)
	}
	if a.dbOwnSet && b.dbOwnSet && b.dbOwn >= a.dbOwn {
		c.DBOwn, c.DBOwnSet = cores(b.dbOwn-a.dbOwn), true
	}
	c.Other = max(0, float64(n)-c.Idle-c.Self-c.Server-c.DB)
	return c, true
}
