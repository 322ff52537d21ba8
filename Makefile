# benefitroll: `make run` and `make test` are the two commands a new user needs (README.md).
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
MONTH      ?= 2020-09
OUT        ?= out

# Debian 12 packages the build and the tests need (nothing is vendored or downloaded).
PACKAGES := g++ cmake make pkg-config python3 libcli11-dev libfccp-dev libfmt-dev doctest-dev \
            libtomlplusplus-dev libssl-dev libxlsxwriter-dev nlohmann-json3-dev

.PHONY: all deps build run test asan clean

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

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBENEFITROLL_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(OUT)
