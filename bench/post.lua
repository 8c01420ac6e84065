-- wrk script: POST the JSON document in the file named by $BENCH_BODY on every
-- request (the same body each time, so the load generator does no work per request).
local path = assert(os.getenv("BENCH_BODY"), "set BENCH_BODY to the request body's file")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()
