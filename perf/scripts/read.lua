-- GET one of 10,000 counters per request (the keys incr.lua writes)
request = function()
  return wrk.format("GET", "/counter/k" .. math.random(1, 10000))
end
