# SPDX-License-Identifier: GPL-2.0
#
# tipc-xns top-level targets:
#   make              tipc.ko against Debian's 6.12 headers (W=1, no warnings)
#   make kernel       a 6.12 kernel with our net/tipc built in (DEBUG=1: debug)
#   make check        selftests: ours and stock on Debian's kernel, ours on
#                     the debug kernel, plus lint (TIPC=ours|stock|both,
#                     KERNEL=debian|debug|custom)
#   make demo         two namespaces configured with the tipc tool, in a VM
#   make shell        an interactive VM with our module loaded
#   make bench        throughput and latency, ours against stock: node-local
#                     in one VM (vm/bench.sh), then over a link between two
#                     VMs, ours on both against stock on both
#                     (vm/bench_pair.sh); BENCH_ROUNDS=N, BENCH_QUICK=1.
#                     make bench-local or bench-pair: one of the two
#   make bench-calls  kernel functions per round trip, ours against stock,
#                     node-local (RDM, SEQPACKET) and by the crossover
#   make check-harness  the VM harness tested on smoke scripts
#   make deps         install the Debian packages all of this needs

VM := tools/testing/selftests/net/tipc/vm

all: module

module:
	@$(VM)/build-module.sh

deps:
	@$(VM)/deps.sh

kernel:
	@$(VM)/build-kernel.sh $(if $(filter-out 0 n no,$(DEBUG)),debug,custom)

check:
	@$(VM)/check.sh $(if $(TIPC),--tipc $(TIPC)) $(if $(KERNEL),--kernel $(KERNEL))

demo:
	@$(VM)/run.sh --kernel debian --tipc ours --demo

shell:
	@$(VM)/run.sh --kernel debian --tipc ours --shell

bench:
	@rc=0; $(VM)/run.sh --kernel debian --bench || rc=1; \
	$(VM)/run.sh --kernel debian --bench --pair || rc=1; exit $$rc

bench-local:
	@$(VM)/run.sh --kernel debian --bench

bench-pair:
	@$(VM)/run.sh --kernel debian --bench --pair

bench-calls:
	@$(VM)/run.sh --kernel debian --calls

check-harness:
	@$(VM)/selftest.sh

clean:
	$(MAKE) -C tools/testing/selftests/net/tipc clean
	rm -rf build
	find net/tipc \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.order' \
		-o -name 'Module.symvers' \) -delete

.PHONY: all module deps kernel check check-harness demo shell bench \
	bench-local bench-pair bench-calls clean
