with

source as (
    select * from {{ source('marketplace', 'sellers') }}
),

typed as (
    select
        {{ raw_value('sellers', 'seller_id') }} as seller_id,
        {{ raw_value('sellers', 'created_at') }} as created_at,
        {{ raw_value('sellers', 'updated_at') }} as updated_at,
        {{ raw_value('sellers', 'business_name') }} as business_name,
        lower({{ raw_value('sellers', 'main_category') }}) as main_category,
        lower({{ raw_value('sellers', 'company_size') }}) as company_size,
        case
            when {{ matches_regex(normalize_code('source.country_code'), '^[A-Z]{2}$') }}
                then {{ normalize_code('source.country_code') }}
        end as country_code,
        lower({{ raw_value('sellers', 'city') }}) as city,
        lower({{ raw_value('sellers', 'plan') }}) as plan,
        coalesce({{ raw_value('sellers', 'is_test_account') }}, false) as is_test_account,
        {{ contract_violation('sellers') }} as contract_violation
    from source
),

flagged as (
    select
        *,
        case
            {{- key_rejection('sellers') }}
            {{ version_rejection('sellers', tiebreak_columns=['created_at desc']) }}
            -- before the contract: other models find test accounts by this reason
            when is_test_account then 'test_account'
            when contract_violation is not null then contract_violation
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason,
        -- the one version staging keeps as the latest (older clean versions stay clean): the
        -- first row of the latest version, in the order that makes its twins `duplicate`s
        {{ version_rank('sellers', tiebreak_columns=['created_at desc'], within_version=true) }} = 1
        and coalesce(
            updated_at = max(updated_at) over (partition by seller_id),
            max(updated_at) over (partition by seller_id) is null
        ) as is_latest_version
    from typed
)

select * from flagged
