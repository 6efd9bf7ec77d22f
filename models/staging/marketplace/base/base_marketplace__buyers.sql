with

source as (
    select * from {{ source('marketplace', 'buyers') }}
),

typed as (
    select
        {{ raw_value('buyers', 'buyer_id') }} as buyer_id,
        {{ raw_value('buyers', 'created_at') }} as created_at,
        {{ raw_value('buyers', 'updated_at') }} as updated_at,
        {{ raw_value('buyers', 'deleted_at') }} as deleted_at,
        source.deleted_at is not null as is_erased,
        -- erased buyers keep no personal data: e-mail, gender, birth date and city are nulled
        case
            when source.deleted_at is null and {{ raw_value('buyers', 'email') }} is not null
                then {{ dbt.hash("lower(" ~ raw_value('buyers', 'email') ~ ")") }}
        end as email_hash,
        case
            when source.deleted_at is null and upper({{ raw_value('buyers', 'gender') }}) in ('F', 'M', 'X')
                then upper({{ raw_value('buyers', 'gender') }})
        end as gender,
        -- a birth date after the export or more than 120 years before it is unknown
        case
            when
                source.deleted_at is null
                and {{ raw_value('buyers', 'birth_date') }} <= cast({{ extracted_at() }} as date)
                and {{ raw_value('buyers', 'birth_date') }}
                >= {{ dbt.dateadd('year', -120, 'cast(' ~ extracted_at() ~ ' as date)') }}
                then {{ raw_value('buyers', 'birth_date') }}
        end as birth_date,
        case
            when
                {{ matches_regex(normalize_code('source.country_code'), '^[A-Z]{2}$') }}
                and {{ normalize_code('source.country_code') }} not in ('AA', 'ZZ')
                and {{ normalize_code('source.country_code') }} not like 'X%'
                and {{ normalize_code('source.country_code') }} not between 'QM' and 'QZ'
                then {{ normalize_code('source.country_code') }}
        end as country_code,
        case when source.deleted_at is null then lower({{ raw_value('buyers', 'city') }}) end as city,
        lower({{ raw_value('buyers', 'account_type') }}) as account_type,
        lower({{ raw_value('buyers', 'acquisition_channel') }}) as acquisition_channel,
        coalesce({{ raw_value('buyers', 'marketing_consent') }}, false) as has_marketing_consent,
        coalesce({{ raw_value('buyers', 'newsletter_opt_in') }}, false) as is_newsletter_subscriber,
        coalesce({{ raw_value('buyers', 'is_test_account') }}, false) as is_test_account,
        {{ contract_violation('buyers') }} as contract_violation
    from source
),

flagged as (
    select
        *,
        case
            {{- key_rejection('buyers') }}
            {{ version_rejection('buyers', tiebreak_columns=['created_at desc']) }}
            -- before the contract: other models find test accounts by this reason
            when is_test_account then 'test_account'
            when contract_violation is not null then contract_violation
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason,
        -- the one version staging keeps as the latest (older clean versions stay clean): the
        -- first row of the latest version, in the order that makes its twins `duplicate`s
        {{ version_rank('buyers', tiebreak_columns=['created_at desc'], within_version=true) }} = 1
        and coalesce(
            updated_at = max(updated_at) over (partition by buyer_id),
            max(updated_at) over (partition by buyer_id) is null
        ) as is_latest_version
    from typed
)

select * from flagged
