"""Times FAISS IndexFlatIP top-k on random normalized vectors; prints one JSON line per case.

Usage: faiss_topk.py N D K THREADS BATCH[,BATCH...] SECONDS [REPEATS]
Each case reports the best of REPEATS windows of SECONDS (default 1), like the C# side.
"""
import json
import sys
import time

import faiss
import numpy as np


def main() -> None:
    n, d, k, threads = (int(a) for a in sys.argv[1:5])
    batches = [int(b) for b in sys.argv[5].split(",")]
    seconds = float(sys.argv[6])
    repeats = int(sys.argv[7]) if len(sys.argv) > 7 else 1
    faiss.omp_set_num_threads(threads)
    rng = np.random.default_rng(42)
    data = rng.standard_normal((n, d), dtype=np.float32)
    faiss.normalize_L2(data)
    index = faiss.IndexFlatIP(d)
    index.add(data)
    for batch in batches:
        queries = rng.standard_normal((max(batch, 256), d), dtype=np.float32)
        faiss.normalize_L2(queries)
        index.search(queries[:batch], k)  # warm up
        qps = 0.0
        for _ in range(repeats):
            done = 0
            start = time.perf_counter()
            while True:
                offset = (done * batch) % (queries.shape[0] - batch + 1)
                index.search(queries[offset:offset + batch], k)
                done += 1
                elapsed = time.perf_counter() - start
                if elapsed >= seconds and done >= 3:
                    break
            qps = max(qps, done * batch / elapsed)
        print(json.dumps({"engine": "faiss-flatip", "n": n, "d": d, "k": k, "threads": threads, "batch": batch,
                          "queries_per_second": qps, "blas": faiss.get_compile_options()}), flush=True)


if __name__ == "__main__":
    main()
