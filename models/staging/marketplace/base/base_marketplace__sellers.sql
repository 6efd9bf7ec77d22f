with

source as (
    select * from {{ source('marketplace', 'sellers') }}
),

typed as (
    select
        nullif(trim(seller_id), '') as seller_id,
        created_at,
        updated_at,
        business_name,
        lower(trim(main_category)) as main_category,
        lower(trim(company_size)) as company_size,
        case
            when {{ matches_regex(normalize_code('country_code'), '^[A-Z]{2}$') }}
                then {{ normalize_code('country_code') }}
        end as country_code,
        nullif(lower(trim(city)), '') as city,
        lower(trim(plan)) as plan,
        coalesce(is_test_account, false) as is_test_account
    from source
),

flagged as (
    select
        *,
        case
            when seller_id is null then 'null_key'
            {{ version_rejection(['seller_id'], 'updated_at', ['created_at desc']) }}
            when is_test_account then 'test_account'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
