#!/usr/bin/env bash
# A one-node Slurm cluster with accounting, in a scratch folder, on loopback:
# MariaDB (mariadbd), munged, slurmdbd, slurmctld and slurmd, all started by
# this script as the current user and stopped by it. For the `convert slurm`
# tests (Tests/CLITests/CLISlurmLiveTests.swift); Debian packages from
# scripts/bootstrap (slurm-wlm, slurmdbd, munge, mariadb-server).
#
#   slurm_cluster.sh start DIR ACCOUNT...   start everything; DIR/env holds SLURM_CONF
#   slurm_cluster.sh stop DIR               stop every daemon this script started in DIR
#
# Every wait polls a condition with a deadline; a daemon that does not come up
# stops the start with its log on standard error (exit 1). Exit 3: a program
# is missing (the packages are not installed).
set -euo pipefail

command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [ACCOUNT...]" >&2; exit 2; }
shift 2

daemons=(slurmd slurmctld slurmdbd munged mariadbd)

stop() {
  # TERM to all at once, then up to 5 s for all of them to go, then KILL: a scratch cluster.
  local pids=()
  for name in "${daemons[@]}"; do
    local pidfile="$dir/run/$name.pid"
    [ -f "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    rm -f "$pidfile"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 1 ] || return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

if [ "$command" = stop ]; then
  stop
  exit 0
fi
[ "$command" = start ] || { echo "usage: $0 start|stop DIR [ACCOUNT...]" >&2; exit 2; }

for program in mariadb-install-db mariadbd mungekey munged slurmdbd slurmctld slurmd sacctmgr sinfo sacct python3; do
  command -v "$program" >/dev/null 2>&1 || { echo "missing: $program (run scripts/bootstrap)" >&2; exit 3; }
done

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -m 700 -p "$dir/munge"
mkdir -p "$dir/run" "$dir/log" "$dir/db" "$dir/state" "$dir/spool"

# On any failure: stop what was started, show why.
fail() {
  echo "slurm_cluster: $1" >&2
  for log in "$dir"/log/*; do
    [ -s "$log" ] || continue
    echo "--- $log (last 40 lines)" >&2
    tail -n 40 "$log" >&2
  done
  stop
  exit 1
}

# wait_for SECONDS DESCRIPTION PIDNAME COMMAND...: polls COMMAND every 0.1 s.
wait_for() {
  local seconds=$1 what=$2 pidname=$3
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$pidname" ] && ! kill -0 "$(cat "$dir/run/$pidname.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
      fail "$pidname exited before $what"
    fi
    [ $SECONDS -lt $deadline ] || fail "no $what after ${seconds}s"
    sleep 0.1
  done
}

# start NAME COMMAND...: a daemon in the foreground of a background job, its pid kept.
# It gets only stdin (/dev/null), stdout and stderr (its log): a descriptor it
# inherited from whoever ran this script (a test runner watching for this
# script's exit, say) would otherwise stay open as long as the daemon runs.
start() {
  local name=$1
  shift
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done
    exec "$@"
  ) </dev/null >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/run/$name.pid"
}

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
PY
}
read -r db_port dbd_port ctld_port slurmd_port < <(free_ports 4)

user=$(id -un)
node=$(hostname -s)

# munge: the shared-key authentication every Slurm daemon and client uses.
mungekey -c -k "$dir/munge/munge.key"
socket="$dir/munge/munge.sock"
start munged munged -F --force --num-threads=10 --key-file="$dir/munge/munge.key" --socket="$socket" \
  --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed" --log-file="$dir/log/munged.log"
wait_for 20 "munge socket" munged test -S "$socket"

# MariaDB: the system tables (slurmdbd creates stored procedures), no grants (loopback only).
mariadb-install-db --no-defaults --datadir="$dir/db" --user="$user" --auth-root-authentication-method=normal \
  --skip-test-db >"$dir/log/mariadb-install.log" 2>&1 || fail "mariadb-install-db failed"
start mariadbd mariadbd --no-defaults --datadir="$dir/db" --socket="$dir/run/mysql.sock" --port="$db_port" \
  --bind-address=127.0.0.1 --user="$user" --pid-file="$dir/run/mariadbd.server.pid" --log-error="$dir/log/mariadbd.log" \
  --skip-grant-tables --skip-log-bin --innodb-buffer-pool-size=32M
wait_for 60 "MariaDB socket" mariadbd test -S "$dir/run/mysql.sock"

cat >"$dir/slurmdbd.conf" <<CONF
AuthType=auth/munge
AuthInfo=socket=$socket
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort=$dbd_port
SlurmUser=$user
LogFile=$dir/log/slurmdbd.log
PidFile=$dir/run/slurmdbd.server.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$db_port
StorageUser=root
StorageLoc=slurm_acct_db
CONF
chmod 600 "$dir/slurmdbd.conf"

cat >"$dir/slurm.conf" <<CONF
ClusterName=ocbtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.server.pid
SlurmdPidFile=$dir/run/slurmd.server.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$dbd_port
AccountingStoragePass=$socket
AccountingStorageEnforce=associations
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
# A job past its time limit ends TIMEOUT at slurmctld's next time-limit check
# (every 30 s, compiled in: PERIODIC_TIMEOUT), with no grace (OverTimeLimit=0)
# and SIGKILL 2 s after SIGTERM (KillWait): a --time=1 job ends 60-90 s in.
OverTimeLimit=0
KillWait=2
# Eight CPUs whatever the machine has (config_overrides: the node is not
# refused for having fewer), so the tests' jobs (sleeps) all run at once.
SlurmdParameters=config_overrides
NodeName=$node CPUs=8 RealMemory=1024 NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=def Nodes=$node Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=$node MaxTime=INFINITE State=UP
PartitionName=largemem Nodes=$node MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
echo "SLURM_CONF=$SLURM_CONF" >"$dir/env"

start slurmdbd slurmdbd -D
wait_for 60 "slurmdbd answering" slurmdbd sacctmgr -n list cluster

sacctmgr -i add cluster ocbtest >/dev/null
if [ $# -gt 0 ]; then
  accounts=$(IFS=,; echo "$*")
  sacctmgr -i add account "$accounts" Cluster=ocbtest >/dev/null
  sacctmgr -i add user "$user" Account="$accounts" Cluster=ocbtest >/dev/null
fi

start slurmctld slurmctld -D -i
start slurmd slurmd -D -N "$node"
wait_for 60 "idle node" slurmctld bash -c 'sinfo -h -N -o %T | grep -qx idle'
echo "slurm_cluster: up in $dir (node $node, slurmctld port $ctld_port)"
