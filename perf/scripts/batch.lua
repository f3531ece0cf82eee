-- POST a JSON array of 100 increments to /counters/increments, over 50,000 keys as perf ceiling's batch line.
-- The 500 bodies cover each key once (a shuffled deck), so every key gets the same share of the load: at
-- 100,000 increments/s that is 2 per key per second, under the default hot-key threshold (50 in 10 s).
-- (Repeated random draws from fewer keys made some keys hot at a few thousand batches a second, and so
-- measured the excess path instead.)
local keys, per_body = 50000, 100
local bodies = {}
init = function(args)
  local deck = {}
  for i = 1, keys do deck[i] = i end
  for i = keys, 2, -1 do local j = math.random(1, i); deck[i], deck[j] = deck[j], deck[i] end
  for b = 1, keys / per_body do
    local items = {}
    for i = 1, per_body do items[i] = '{"key":"b' .. deck[(b - 1) * per_body + i] .. '","by":1}' end
    bodies[b] = "[" .. table.concat(items, ",") .. "]"
  end
end
local next_body = 0
request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/counters/increments", {["Content-Type"] = "application/json"}, bodies[next_body])
end
