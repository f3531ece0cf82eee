-- POST a JSON array of 100 increments to /counters/increments, keys from the same 10,000 as incr.lua
local bodies = {}
init = function(args)
  for b = 1, 50 do
    local items = {}
    for i = 1, 100 do items[i] = '{"key":"k' .. math.random(1, 10000) .. '","by":1}' end
    bodies[b] = "[" .. table.concat(items, ",") .. "]"
  end
end
request = function()
  return wrk.format("POST", "/counters/increments", {["Content-Type"] = "application/json"}, bodies[math.random(1, 50)])
end
