-- wrk: send the signed-in session's cookie (or an API token) with every request.
local cookie = os.getenv("BENCH_COOKIE")
local authorization = os.getenv("BENCH_AUTHORIZATION")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
