{#- One row per buyer known on the reference date: its version in force, the latest whose
    updated_at is on or before the end of that day (SPEC 2); a buyer whose first version is later does not exist yet. -#}
with

buyer_versions as (
    select * from {{ ref('stg_marketplace__buyer_versions') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

known_versions as (
    select buyer_versions.*
    from buyer_versions
    cross join reference
    where cast(buyer_versions.updated_at as date) <= reference.as_of_date
),

-- the known version no later known version replaces
in_force as (
    select known_versions.*
    from known_versions
    left join known_versions as later_versions
        on
            known_versions.buyer_id = later_versions.buyer_id
            and known_versions.updated_at < later_versions.updated_at
    where later_versions.buyer_id is null
)

-- the columns of the versions model
select * from in_force  -- noqa: AM04
