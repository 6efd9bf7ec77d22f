{#- One row per seller known on the reference date: its version in force, the latest whose
    updated_at is on or before the end of that day (SPEC 2); a seller whose first version is later does not exist yet. -#}
with

seller_versions as (
    select * from {{ ref('stg_marketplace__seller_versions') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

known_versions as (
    select seller_versions.*
    from seller_versions
    cross join reference
    where cast(seller_versions.updated_at as date) <= reference.as_of_date
),

-- the known version no later known version replaces
in_force as (
    select known_versions.*
    from known_versions
    left join known_versions as later_versions
        on
            known_versions.seller_id = later_versions.seller_id
            and known_versions.updated_at < later_versions.updated_at
    where later_versions.seller_id is null
)

-- the columns of the versions model
select * from in_force  -- noqa: AM04
