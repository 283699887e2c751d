# The two commands (see README.md):
#   make run   - install what is missing, build, create the demo database if
#                there is none, and serve on http://127.0.0.1:8080
#   make test  - install what is missing, build with sanitizers, run every
#                test, and end with "N passed, N failed"
# and the pieces they are made of. `make fuzz` builds the libFuzzer targets
# of fuzz/ with clang and runs each for FUZZ_SECONDS (docs/fuzzing.md).

BUILD      ?= build
TEST_BUILD ?= build-test
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
DB         ?= var/fengqiao.db
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps test-deps fuzz-deps build run test test-build fuzz fuzz-build bench clean format

all: build

deps:
	@scripts/deps.sh

test-deps:
	@scripts/deps.sh test

fuzz-deps:
	@scripts/deps.sh fuzz

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target fengqiao

run: build
	@scripts/run.sh $(BUILD)/fengqiao $(DB)

test-build: test-deps
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFQ_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)

test: test-build
	@scripts/test.sh $(TEST_BUILD)

fuzz-build: fuzz-deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DFQ_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

fuzz: fuzz-build
	@scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench: build
	@cmake --build $(BUILD) -j $(JOBS) --target bench_commit bench_hello
	@bench/run.sh $(BUILD)/fengqiao

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD)
