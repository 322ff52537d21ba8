# benefitroll: `make run` and `make test` are the two commands a new user needs (README.md).
# make test = the release build (g++, build/) and its tests, then make asan: the sanitized build
# (clang, ASan+UBSan, build-asan/) and the whole suite again in it, with the fuzz smoke runs.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
MONTH      ?= 2020-09
OUT        ?= out
PREFIX     ?= /usr/local

# Debian 12 packages the build and the tests need (nothing is vendored or downloaded); clang and
# its runtimes (ASan, UBSan, libFuzzer) make the sanitized build; chromium and a Chinese font
# render summary.html in tests/scripts/summary_html.sh.
PACKAGES := g++ cmake make pkg-config python3 libcli11-dev libfccp-dev libfmt-dev doctest-dev \
            libtomlplusplus-dev libssl-dev libxlsxwriter-dev nlohmann-json3-dev \
            clang libclang-rt-14-dev \
            chromium fonts-wqy-microhei

.PHONY: all deps build run test asan fuzz clean install uninstall

all: build

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BUILD)/Makefile: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)

run: build
	$(BUILD)/benefitroll run --month $(MONTH) --rules rules/erdao-2020.toml \
	  --input samples/$(MONTH) --out $(OUT)/$(MONTH) --force
	@echo
	@echo "The month folder is $(OUT)/$(MONTH):"
	@ls -1 $(OUT)/$(MONTH)
	@echo "Open payments.csv and held.csv in Excel or WPS; exceptions.csv lists every problem found."

# make test: the release build and its ctest, then everything make asan does.
test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) --no-print-directory asan

# The one sanitized build: clang++, ASan+UBSan, -O1 with line tables, the libFuzzer targets
# (CMakeLists.txt, tests/fuzz/). Its ctest is the whole suite, with the mutation sweep and a
# short run of every fuzz target; the few tests too slow there are listed as not run.
ASAN_CONFIGURE = cmake -S . -B $(ASAN_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DBENEFITROLL_SANITIZE=ON

asan: deps
	$(ASAN_CONFIGURE)
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j$(JOBS)

# libFuzzer targets (tests/fuzz/): each fuzzed for FUZZ_SECONDS in a clang build without
# sanitizers, for speed (the corpus grows in $(FUZZ_BUILD)/corpus/<target>, seeded from
# tests/fuzz/corpus/<target>), then every input of both replayed by the sanitized build's own.
FUZZ_SECONDS    ?= 60
FUZZ_BUILD      ?= build-fuzz

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DBENEFITROLL_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_targets
	$(ASAN_CONFIGURE)
	cmake --build $(ASAN_BUILD) -j$(JOBS) --target fuzz_targets
	@for t in $$(cat $(FUZZ_BUILD)/fuzz_targets.txt); do \
	  bash tests/fuzz/run_fuzz.sh fuzz $(FUZZ_BUILD)/tests/fuzz/$$t tests/fuzz/corpus/$$t \
	    $(FUZZ_SECONDS) $(FUZZ_BUILD)/corpus/$$t || exit 1; \
	done
	@for t in $$(cat $(FUZZ_BUILD)/fuzz_targets.txt); do \
	  ASAN_OPTIONS=detect_leaks=1 bash tests/fuzz/run_fuzz.sh replay $(ASAN_BUILD)/tests/fuzz/$$t \
	    tests/fuzz/corpus/$$t $(FUZZ_BUILD)/corpus/$$t || exit 1; \
	done

# make bench (issue 7; tests/bench/README.md): benefitroll's full run against wc -l, a bare
# fast-cpp-csv-parser read, DuckDB and sqlite3 on sample rolls of HOUSEHOLDS/2, HOUSEHOLDS and
# 2×HOUSEHOLDS households, RUNS times each, interleaved; results in $(BUILD)/bench/results.md.
# Not part of make test. BENCH_FLAGS: e.g. --no-duckdb, --no-sqlite, --strict.
HOUSEHOLDS  ?= 2000000
RUNS        ?= 3
BENCH_SEED  ?= 20200901
BENCH_FLAGS ?=

.PHONY: bench
bench: build
	cmake --build $(BUILD) --target bench_floor bench_write_floor
	python3 tests/bench/bench.py --build $(BUILD) --households $(HOUSEHOLDS) --runs $(RUNS) \
	  --seed $(BENCH_SEED) $(BENCH_FLAGS)

# The program and its man page; DESTDIR for staged installs (packaging).
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/benefitroll $(DESTDIR)$(PREFIX)/bin/benefitroll
	install -m 644 doc/benefitroll.1 $(DESTDIR)$(PREFIX)/share/man/man1/benefitroll.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/benefitroll $(DESTDIR)$(PREFIX)/share/man/man1/benefitroll.1

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(OUT)
