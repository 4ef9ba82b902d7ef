package io.camelgateway.shared;

/**
 * The Lua scripts behind {@link RedisCounters}. Each runs atomically inside Redis, so a check and its update can never
 * interleave with another replica's; time comes from Redis ({@code TIME}), so replicas' clocks do not matter.
 * Budget: a hash with {@code spent}, {@code reserved}, {@code seeded} (once the spend before counting was added) and
 * one {@code r:<id>} field per open reservation, plus a sorted set of reservation ids by expiry time; every budget
 * script first returns expired reservations to the budget.
 */
final class RedisScripts {

    private RedisScripts() {
    }

    private static final String NOW = """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            """;

    private static final String BUDGET_PREAMBLE = NOW + """
            local budget, expiries = KEYS[1], KEYS[2]
            local expired = redis.call('ZRANGEBYSCORE', expiries, '-inf', now)
            for _, id in ipairs(expired) do
              local held = tonumber(redis.call('HGET', budget, 'r:' .. id) or '0')
              redis.call('HINCRBY', budget, 'reserved', -held)
              redis.call('HDEL', budget, 'r:' .. id)
            end
            if #expired > 0 then redis.call('ZREMRANGEBYSCORE', expiries, '-inf', now) end
            local function totals(flag)
              return {flag, tonumber(redis.call('HGET', budget, 'spent') or '0'),
                      tonumber(redis.call('HGET', budget, 'reserved') or '0')}
            end
            local function keep(retentionSeconds)
              redis.call('EXPIRE', budget, retentionSeconds)
              redis.call('EXPIRE', expiries, retentionSeconds)
            end
            """;

    /** ARGV: id, amount, hard limit, reservation ttl ms, retention s. Returns {allowed, spent, reserved}. */
    static final String RESERVE = BUDGET_PREAMBLE + """
            local id, amount, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            if redis.call('HEXISTS', budget, 'r:' .. id) == 1 then return totals(1) end
            local current = totals(0)
            if current[2] + current[3] + amount > limit then return current end
            redis.call('HINCRBY', budget, 'reserved', amount)
            redis.call('HSET', budget, 'r:' .. id, amount)
            redis.call('ZADD', expiries, now + tonumber(ARGV[4]), id)
            keep(ARGV[5])
            return totals(1)
            """;

    /** ARGV: id, actual cost, retention s. Returns {reservation was open, spent, reserved}. */
    static final String SETTLE = BUDGET_PREAMBLE + """
            local id, actual = ARGV[1], tonumber(ARGV[2])
            local held = redis.call('HGET', budget, 'r:' .. id)
            if held then
              redis.call('HINCRBY', budget, 'reserved', -tonumber(held))
              redis.call('HDEL', budget, 'r:' .. id)
              redis.call('ZREM', expiries, id)
            end
            redis.call('HINCRBY', budget, 'spent', actual)
            keep(ARGV[3])
            return totals(held and 1 or 0)
            """;

    /** ARGV: id. Returns {reservation was open, spent, reserved}. */
    static final String RELEASE = BUDGET_PREAMBLE + """
            local id = ARGV[1]
            local held = redis.call('HGET', budget, 'r:' .. id)
            if held then
              redis.call('HINCRBY', budget, 'reserved', -tonumber(held))
              redis.call('HDEL', budget, 'r:' .. id)
              redis.call('ZREM', expiries, id)
            end
            return totals(held and 1 or 0)
            """;

    /** ARGV: spend before counting, retention s. Adds it once per budget (field {@code seeded}). Returns {seeded now, spent, reserved}. */
    static final String SEED = BUDGET_PREAMBLE + """
            if redis.call('HSETNX', budget, 'seeded', 1) == 0 then return totals(0) end
            redis.call('HINCRBY', budget, 'spent', tonumber(ARGV[1]))
            keep(ARGV[2])
            return totals(1)
            """;

    static final String TOTALS = BUDGET_PREAMBLE + """
            return totals(1)
            """;

    /**
     * One hash per scope, one field per window index. Sliding: the previous window counts with the share of it that
     * still lies within the last window length. ARGV: amount, limit, window ms, 'fixed'|'sliding', enforce '1'|'0'.
     * Returns {allowed, remaining, retry after ms}.
     */
    static final String RATE = NOW + """
            local amount, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local sliding, enforce = ARGV[4] == 'sliding', ARGV[5] == '1'
            local index = math.floor(now / window)
            local elapsed = now - index * window
            local current = tonumber(redis.call('HGET', KEYS[1], tostring(index)) or '0')
            local previous = 0
            if sliding then previous = tonumber(redis.call('HGET', KEYS[1], tostring(index - 1)) or '0') end
            local used = previous * (window - elapsed) / window + current
            if enforce and used + amount > limit then
              local retry
              if amount > limit then
                retry = window
              elseif not sliding then
                retry = window - elapsed
              elseif current + amount <= limit then
                retry = (window - elapsed) - (limit - current - amount) * window / previous
              else
                retry = (window - elapsed) + window - (limit - amount) * window / current
              end
              return {0, math.max(0, math.floor(limit - used)), math.max(1, math.ceil(retry))}
            end
            redis.call('HINCRBY', KEYS[1], tostring(index), amount)
            for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
              local n = tonumber(field)
              if n ~= index and n ~= index - 1 then redis.call('HDEL', KEYS[1], field) end
            end
            redis.call('PEXPIRE', KEYS[1], 2 * window)
            return {1, math.max(0, math.floor(limit - used - amount)), 0}
            """;

    /** KEYS: revoked set, version counter. ARGV: key id. Returns the new version. */
    static final String REVOKE = """
            redis.call('SADD', KEYS[1], ARGV[1])
            return redis.call('INCR', KEYS[2])
            """;
}
