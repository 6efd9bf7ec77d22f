{#- One row per order known on the reference date: its version in force, the latest whose
    updated_at is on or before the end of that day (SPEC 2); an order whose first version is later does not exist yet. -#}
with

order_versions as (
    select * from {{ ref('stg_marketplace__order_versions') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

known_versions as (
    select order_versions.*
    from order_versions
    cross join reference
    where cast(order_versions.updated_at as date) <= reference.as_of_date
),

-- the latest known updated_at of each order: an aggregate and an equality join, not a
-- self-join on `<` (the same rows: the versions at the latest time, ties included)
latest_known as (
    select
        order_id,
        max(updated_at) as updated_at
    from known_versions
    group by 1
),

-- the known version no later known version replaces
in_force as (
    select known_versions.*
    from known_versions
    inner join latest_known
        on
            known_versions.order_id = latest_known.order_id
            and known_versions.updated_at = latest_known.updated_at
)

-- the columns of the versions model
select * from in_force  -- noqa: AM04
