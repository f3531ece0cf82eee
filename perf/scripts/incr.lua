-- POST an increment to one of 10,000 random keys per request
wrk.method = "POST"
request = function()
  return wrk.format(nil, "/counter/k" .. math.random(1, 10000) .. "/increment")
end
