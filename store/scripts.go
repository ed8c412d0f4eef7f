package store

import "github.com/redis/rueidis"

// The Lua scripts run atomically in Redis. Those that read TIME and then
// write call redis.replicate_commands() first, which Redis 5 and 6 need
// (7 does it always).

// releaseScript deletes KEYS[1] only while it holds ARGV[1], the token of
// its lease.
var releaseScript = rueidis.NewLuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// renewScript sets KEYS[1] to expire in ARGV[2] ms only while it holds
// ARGV[1], the token of its lease, and returns 1 then.
var renewScript = rueidis.NewLuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`)

// awaitScript returns {1, value of KEYS[1]} when it has one, or
// {0, EXISTS KEYS[2]}: whether the lease is still held.
var awaitScript = rueidis.NewLuaScriptReadOnly(`
local v = redis.call('GET', KEYS[1])
if v then return {1, v} end
return {0, redis.call('EXISTS', KEYS[2])}`)

// pauseScript closes the gate KEYS[1] for ARGV[1] ms from Redis' now,
// unless it is already closed for longer, and ends the probe KEYS[2].
// The record lives ARGV[2] ms.
var pauseScript = rueidis.NewLuaScript(`
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('DEL', KEYS[2])
local ends = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]))
if cur and cur > ends then return 0 end
redis.call('SET', KEYS[1], string.format('%d', ends), 'PX', ARGV[2])
return 1`)

// gateScript returns {state, wait ms}: {0, 0} open; {1, ms} paused for ms
// more; {1, 0} probed by another; {2, 0} the caller is the probe, holding
// KEYS[2] for ARGV[1] ms.
var gateScript = rueidis.NewLuaScript(`
redis.replicate_commands()
local cur = tonumber(redis.call('GET', KEYS[1]))
if not cur then return {0, 0} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now < cur then return {1, cur - now} end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return {2, 0} end
return {1, 0}`)

// gcraScript is the generic cell rate algorithm on Redis' clock, in µs:
// KEYS[1] holds the theoretical arrival time, ARGV[1] is the emission
// interval and ARGV[2] the burst tolerance. It returns 0 when a unit was
// taken, otherwise how many µs until one is free (nothing taken).
var gcraScript = rueidis.NewLuaScript(`
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then tat = now end
local allow_at = tat - tonumber(ARGV[2])
if now < allow_at then return allow_at - now end
local new_tat = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return 0`)
